import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { makeCourse, makeOrganisation, makePerson, makeSession, makeSignedIn } from '../factories';
import { eventually } from '../support/eventually';
import { parseCalendar } from '../support/icalendar';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const NOW = '2026-03-02T09:00:00.000Z';

/** Without SMTP_URL the dispatcher writes each message as an .eml file into MAIL_DIR. */
describe(`mail without SMTP: .eml files (${testDialect()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
  });
  afterAll(() => t.close());

  const emlFiles = () => readdirSync(t.environment.MAIL_DIR).filter((name) => name.endsWith('.eml'));

  it('writes the magic-link mail as a complete message and marks it sent', async () => {
    const organisation = await makeOrganisation(t.dataSource);
    const person = await makePerson(t.dataSource, { organisationId: organisation.id, email: 'Eml.Reader@Example.test' });
    await t.http.post('/api/auth/magic-link').send({ email: 'eml.reader@example.test' }).expect(202);

    const [row] = await eventually(async () => {
      const rows = await t.dataSource.getRepository(OutboxMessage).findBy({ personId: person.id, kind: 'magic-link' });
      expect(rows.map((one) => one.status)).toEqual(['sent']);
      return rows;
    });
    const files = emlFiles().filter((name) => name.includes(row.id));
    expect(files).toEqual([`20260302T090000Z-${row.id}.eml`]);
    expect(readdirSync(t.environment.MAIL_DIR).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const mail = await simpleParser(readFileSync(join(t.environment.MAIL_DIR, files[0])));
    expect(mail.subject).toBe('Your sign-in link for library training');
    expect(mail.to).toMatchObject({ value: [{ address: 'Eml.Reader@example.test' }] });
    expect(mail.messageId).toBe(`<${row.id}@localhost>`);
    expect(mail.text).toMatch(/Sign in:\nhttp:\/\/localhost:3999\/auth\/callback\?token=[A-Za-z0-9_-]+/);
    expect(mail.text).toContain('The link expires in 15 minutes, at 09:15 (GMT) on Monday 2 March 2026.');
    expect(mail.html).toContain('<html lang="en-GB">');
  });

  it('keeps the invitation in the file: text/calendar part and invite.ics', async () => {
    const organisation = await makeOrganisation(t.dataSource);
    const trainer = await makeSignedIn(t.dataSource, organisation.id, ['trainer']);
    const learner = await makeSignedIn(t.dataSource, organisation.id, ['learner']);
    const course = await makeCourse(t.dataSource);
    const session = await makeSession(t.dataSource, { courseId: course.id, trainerIds: [trainer.person.id], now: new Date(NOW) });
    const booked = await t.http.post('/api/bookings').set(learner.auth).send({ sessionId: session.id }).expect(201);

    const [row] = await eventually(async () => {
      const rows = await t.dataSource.getRepository(OutboxMessage).findBy({ personId: learner.person.id, kind: 'booking-confirmed' });
      expect(rows.map((one) => one.status)).toEqual(['sent']);
      return rows;
    });
    const [file] = emlFiles().filter((name) => name.includes(row.id));
    const mail = await simpleParser(readFileSync(join(t.environment.MAIL_DIR, file)));
    const alternative = mail.attachments.find((part) => part.contentType === 'text/calendar')!;
    const attachment = mail.attachments.find((part) => part.filename === 'invite.ics')!;
    expect((alternative.headers.get('content-type') as { params: Record<string, string> }).params.method).toBe('REQUEST');
    expect(attachment.content.toString()).toBe(alternative.content.toString());
    expect(parseCalendar(attachment.content.toString()).events[0].uid).toBe(`${session.id}.${learner.person.id}@localhost`);
    expect(mail.text).toContain(`View your booking:\nhttp://localhost:3999/bookings/${booked.body.id}`);
    expect(mail.html).toContain(`<a href="http://localhost:3999/bookings/${booked.body.id}"`);
  });
});
