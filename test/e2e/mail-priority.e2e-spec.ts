import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { MailDispatcher } from '../../src/notifications/mail-dispatcher.service';
import { Person } from '../../src/people/person.entity';
import { TrainingSession } from '../../src/sessions/training-session.entity';
import { makeCourse, makeOrganisation, makePerson, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { eventually } from '../support/eventually';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const NOW = '2026-03-02T09:00:00.000Z';
const BULK = 300;

/**
 * A sign-in link must not wait behind bulk booking mail (issue 14, point 17). The dispatcher's
 * own poll is ten minutes away, so the test runs it by hand and knows what was queued when.
 * Order is asserted, not time.
 */
describe(`sign-in mail before bulk mail (${testDialect()})`, () => {
  let sink: SmtpSink;
  let t: TestApp;
  let admin: SignedInPerson;
  let session: TrainingSession;
  let organisationId: string;
  const bulkRecipients = new Set<string>();

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ now: NOW, env: { SMTP_URL: sink.url, MAIL_POLL_INTERVAL_MS: '600000' } });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    admin = await makeSignedIn(t.dataSource, organisationId, ['admin']);
    const course = await makeCourse(t.dataSource);
    session = await makeSession(t.dataSource, { courseId: course.id, capacity: BULK, now: new Date(NOW) });
    for (let index = 0; index < BULK; index++) {
      const person = await makePerson(t.dataSource, { organisationId });
      bulkRecipients.add(person.email!);
      await t.http.post('/api/bookings').set(admin.auth).send({ sessionId: session.id, personId: person.id }).expect(201);
    }
  }, 180_000);
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  /** Asks for a sign-in link over HTTP and waits until its e-mail is in the outbox. */
  async function requestSignInLink(person: Person): Promise<void> {
    await t.http.post('/api/auth/magic-link').send({ email: person.email }).expect(202);
    await eventually(async () => expect(await t.dataSource.getRepository(OutboxMessage).countBy({ kind: 'magic-link', recipient: person.email! })).toBe(1));
  }

  /** Runs dispatch rounds until `count` messages have arrived. */
  async function deliverAll(count: number): Promise<void> {
    await eventually(async () => {
      await t.app.get(MailDispatcher).dispatchDue();
      expect(sink.received.length).toBeGreaterThanOrEqual(count);
    }, 60_000);
    expect(sink.received).toHaveLength(count);
  }

  const positionOf = (address: string) => sink.received.findIndex((mail) => mail.envelope.to.includes(address));
  const bulkDelivered = () => sink.received.filter((mail) => bulkRecipients.has(mail.envelope.to[0]));

  it(`sends a sign-in link asked for after ${BULK} booking confirmations were queued before all of them`, async () => {
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ kind: 'booking-confirmed', status: 'pending' })).toBe(BULK);
    const waiting = await makePerson(t.dataSource, { organisationId });
    await requestSignInLink(waiting);

    await deliverAll(BULK + 1);
    expect(positionOf(waiting.email!)).toBe(0);
    expect(sink.received[0].parsed.subject).toBe('Your sign-in link for library training');
    const bulk = bulkDelivered();
    expect(new Set(bulk.map((mail) => mail.envelope.to[0])).size).toBe(BULK);
    expect(bulk.every((mail) => mail.parsed.subject?.startsWith('Booking confirmed:'))).toBe(true);
  });

  it(`sends a sign-in link asked for while ${BULK} session-change notices are going out before most of them`, async () => {
    sink.received.length = 0;
    // A slow server, so the bulk is still draining when the link is asked for.
    sink.acceptDelayMs = 30;
    const later = (date: Date) => new Date(date.getTime() + 3600_000).toISOString();
    await t.http.patch(`/api/sessions/${session.id}`).set(admin.auth).send({ startsAt: later(session.startsAt), endsAt: later(session.endsAt) }).expect(200);
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ kind: 'session-changed', status: 'pending' })).toBe(BULK);

    const draining = t.app.get(MailDispatcher).dispatchDue();
    await sink.waitFor(1);
    const waiting = await makePerson(t.dataSource, { organisationId });
    await requestSignInLink(waiting);
    await draining;
    await deliverAll(BULK + 1);

    const position = positionOf(waiting.email!);
    expect(position).toBeGreaterThan(0);
    expect(position).toBeLessThan(BULK / 2);
    expect(bulkDelivered().filter((mail) => mail.parsed.subject?.startsWith('Session changed:'))).toHaveLength(BULK);
  });
});
