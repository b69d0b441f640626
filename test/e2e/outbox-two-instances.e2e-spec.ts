import { randomUUID } from 'node:crypto';
import { Booking } from '../../src/bookings/booking.entity';
import { Transactions } from '../../src/database/transactions';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { OutboxService } from '../../src/notifications/outbox.service';
import { Person } from '../../src/people/person.entity';
import { makeCourse, makeOrganisation, makePerson, makeSession } from '../factories';
import { AppProcess, startAppProcess } from '../support/app-process';
import { eventually } from '../support/eventually';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

/**
 * Two real service processes (as production runs them) plus this test's own instance, on one
 * database: separate processes, because SQLite's driver waits for a lock synchronously and two
 * instances inside one process would block each other's event loop.
 */
const BOOKINGS = 40;
const PLAIN_MAILS = 30;

describe(`two app processes on one database (${testDialect()})`, () => {
  let sink: SmtpSink;
  let t: TestApp;
  let processes: AppProcess[] = [];
  const people: Person[] = [];
  const bookings: Booking[] = [];

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ env: { SMTP_URL: sink.url } });
    const organisationId = (await makeOrganisation(t.dataSource)).id;
    const courseId = (await makeCourse(t.dataSource)).id;
    // The processes run on the real clock: a session 20 hours from now is due for its reminder.
    const startsAt = new Date(Date.now() + 20 * 3600_000);
    const session = await makeSession(t.dataSource, { courseId, startsAt, endsAt: new Date(startsAt.getTime() + 7200_000), capacity: 100 });
    for (let index = 0; index < BOOKINGS; index++) {
      const person = await makePerson(t.dataSource, { organisationId });
      people.push(person);
      bookings.push(
        await t.dataSource.getRepository(Booking).save({
          id: randomUUID(),
          sessionId: session.id,
          personId: person.id,
          status: 'confirmed' as const,
          waitlistRank: null,
          bookedById: person.id,
          invitationSequence: 0,
          createdAt: new Date(),
          confirmedAt: new Date(),
          cancelledAt: null,
        }),
      );
    }
    const env = {
      DATABASE_URL: t.databaseUrl,
      SMTP_URL: sink.url,
      PUBLIC_URL: 'http://localhost:3999',
      MAIL_POLL_INTERVAL_MS: '100',
      REMINDER_SCAN_INTERVAL_MS: '1000',
    };
    processes = await Promise.all([startAppProcess(env), startAppProcess(env)]);
  }, 180_000);

  afterAll(async () => {
    for (const child of processes) child.child.kill('SIGTERM');
    await Promise.all(processes.map((child) => child.exited));
    await t.close();
    await sink.stop();
  });

  it('enqueues one reminder per confirmed booking and sends every message exactly once', async () => {
    const outbox = t.app.get(OutboxService);
    await t.app.get(Transactions).run(async (manager) => {
      for (let index = 0; index < PLAIN_MAILS; index++) {
        await outbox.enqueue(manager, { kind: 'magic-link', recipient: `plain${index}@example.test`, subject: `Plain ${index}`, textBody: 'x', htmlBody: '<p>x</p>' });
      }
    });

    await sink.waitFor(BOOKINGS + PLAIN_MAILS, 120_000);
    await eventually(async () => expect(await t.dataSource.getRepository(OutboxMessage).countBy({ status: 'sent' })).toBe(BOOKINGS + PLAIN_MAILS), 60_000);
    // Two more scans in each process and many dispatch rounds: still nothing written or sent twice.
    await new Promise((resolve) => setTimeout(resolve, 2500));

    const reminders = await t.dataSource.getRepository(OutboxMessage).findBy({ kind: 'reminder' });
    expect(reminders.map((row) => row.dedupeKey).sort()).toEqual(bookings.map((booking) => `reminder:${booking.id}`).sort());
    expect(sink.received).toHaveLength(BOOKINGS + PLAIN_MAILS);
    expect(new Set(sink.received.map((mail) => mail.parsed.messageId)).size).toBe(BOOKINGS + PLAIN_MAILS);
    for (const person of people) expect(sink.to(person.email!).map((mail) => mail.parsed.subject?.split(':')[0])).toEqual(['Reminder']);
    expect((await t.dataSource.getRepository(OutboxMessage).find()).map((row) => row.attempts)).toEqual(Array(BOOKINGS + PLAIN_MAILS).fill(1));
    for (const child of processes) expect(child.output()).not.toMatch(/error/i);
  });
});
