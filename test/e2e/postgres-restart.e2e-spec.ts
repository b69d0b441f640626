import { Booking } from '../../src/bookings/booking.entity';
import { makeCourse, makeOrganisation, makeSession, SignedInPerson } from '../factories';
import { brokenSeatRules, makeSignedInMany, seatLedger } from '../support/booking-checks';
import { EmbeddedPostgresServer } from '../support/embedded-postgres';
import { eventually } from '../support/eventually';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';

const NOW = '2026-10-01T08:00:00Z';
/** Each request is a new learner booking once, spread over the sessions. */
const LEARNERS = 240;
const CAPACITIES = [3, 5, 8];
/** Requests in flight at once, as a load generator's connections. */
const CLIENTS = 12;
/** A client that is told the service is unavailable waits this long before its next request. */
const BACK_OFF_MS = 1_000;
/** The server goes down once this many answers have come back. */
const ANSWERS_BEFORE_OUTAGE = 60;
const OUTAGE_MS = 3_000;
/** No request may hang: one still unanswered after this counts as a failure. */
const ANSWER_WITHIN_MS = 10_000;
/** The dispatcher's claim lease is 5 minutes: time enough for a lost "sent" record to show as a second send. */
const AFTER_THE_LEASES_MS = 15 * 60_000;

interface Attempt {
  learner: SignedInPerson;
  sessionId: string;
  /** 'no answer' when nothing came back within ANSWER_WITHIN_MS. */
  status: number | 'no answer';
  contentType?: string;
  retryAfter?: string;
  body: { id?: string; status?: string; type?: string; detail?: string; database?: string };
  text: string;
  startedAt: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fault test: the app's PostgreSQL server is restarted (fast shutdown, down for a few seconds,
 * started again) while learners book. It always runs on a private embedded server, whatever
 * TEST_DATABASE says, since it stops the server it tests against.
 */
describe('PostgreSQL restarted during a booking load (private embedded server)', () => {
  let server: EmbeddedPostgresServer;
  let sink: SmtpSink;
  let t: TestApp;
  let sessionIds: string[];
  let learners: SignedInPerson[];
  let organisationId: string;

  beforeAll(async () => {
    server = await EmbeddedPostgresServer.start();
    const databaseUrl = await server.createDatabase('tt_test_restart');
    sink = await SmtpSink.start();
    t = await createTestApp({
      now: NOW,
      databaseUrl,
      env: { SMTP_URL: sink.url, MAIL_FROM: 'training@library.test' },
    });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    const courseId = (await makeCourse(t.dataSource)).id;
    sessionIds = [];
    for (const capacity of CAPACITIES) sessionIds.push((await makeSession(t.dataSource, { courseId, capacity, now: new Date(NOW) })).id);
    learners = await makeSignedInMany(t.dataSource, organisationId, LEARNERS);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await sink?.stop();
    await server?.destroy();
  });

  async function book(learner: SignedInPerson, sessionId: string): Promise<Attempt> {
    const startedAt = Date.now();
    try {
      const res = await t.http.post('/api/bookings').set(learner.auth).send({ sessionId }).timeout(ANSWER_WITHIN_MS);
      return {
        learner,
        sessionId,
        status: res.status,
        contentType: res.headers['content-type'],
        retryAfter: res.headers['retry-after'],
        body: res.body as Attempt['body'],
        text: res.text,
        startedAt,
      };
    } catch (error) {
      return { learner, sessionId, status: 'no answer', body: {}, text: String(error), startedAt };
    }
  }

  /** Every learner books once, CLIENTS at a time; `onAnswer` hears how many answers have come back. */
  async function bookingLoad(onAnswer: (answered: number) => void): Promise<Attempt[]> {
    const attempts: Attempt[] = [];
    let next = 0;
    const client = async () => {
      while (next < learners.length) {
        const index = next++;
        const attempt = await book(learners[index], sessionIds[index % sessionIds.length]);
        attempts.push(attempt);
        onAnswer(attempts.length);
        if (attempt.status === 503) await sleep(BACK_OFF_MS);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    return attempts;
  }

  it('answers 503 problem details during the outage, recovers by itself, loses no acknowledged booking, keeps capacity and mails each booking once', async () => {
    let outage: Promise<{ restartedAt: number; healthDuring: { status: number; body: Attempt['body'] } }> | undefined;
    const attempts = await bookingLoad((answered) => {
      if (answered !== ANSWERS_BEFORE_OUTAGE) return;
      outage = (async () => {
        await server.stop();
        const health = await t.http.get('/api/health').timeout(ANSWER_WITHIN_MS);
        await sleep(OUTAGE_MS);
        await server.restart();
        return { restartedAt: Date.now(), healthDuring: { status: health.status, body: health.body as Attempt['body'] } };
      })();
    });
    expect(outage).toBeDefined();
    const { restartedAt, healthDuring } = await outage!;

    // Every request got an answer in time, and only one of two: booked, or a clean 503.
    expect(attempts.filter((a) => a.status === 'no answer').map((a) => a.text)).toEqual([]);
    expect([...new Set(attempts.map((a) => a.status))].sort()).toEqual([201, 503]);
    const refused = attempts.filter((a) => a.status === 503);
    for (const answer of refused) {
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect(answer.body).toMatchObject({
        type: 'urn:training-tracker:problem:database-unavailable',
        status: 503,
        detail: expect.stringMatching(/database/),
        database: 'down',
      });
      // No stack frame, driver message or SQL.
      expect(answer.text).not.toMatch(/\sat \S+ \(|node_modules|Error|ECONN|57P0|terminat|SELECT|INSERT/);
    }
    expect(healthDuring).toEqual({ status: 503, body: expect.objectContaining({ database: 'down', status: 503 }) });

    // It recovered without a restart of the app: every booking asked for after the server was back succeeded.
    const afterRestart = attempts.filter((a) => a.startedAt > restartedAt);
    expect(afterRestart.length).toBeGreaterThan(0);
    expect(afterRestart.filter((a) => a.status !== 201).map((a) => a.text)).toEqual([]);
    expect((await t.http.get('/api/health').expect(200)).body).toEqual({ status: 'ok', database: 'up' });

    // No acknowledged booking was lost: each 201 is in the database as it was answered.
    const acknowledged = attempts.filter((a) => a.status === 201);
    const rows = await t.dataSource.getRepository(Booking).find();
    const rowsById = new Map(rows.map((row) => [row.id, row]));
    const lost = acknowledged.filter((a) => {
      const row = rowsById.get(a.body.id!);
      return !row || row.personId !== a.learner.person.id || row.sessionId !== a.sessionId || row.status !== a.body.status;
    });
    expect(lost.map((a) => a.body.id)).toEqual([]);

    // Capacity held: confirmed never above capacity, the counter matches, waitlist ranks unique.
    for (const sessionId of sessionIds) {
      const ledger = await seatLedger(t.dataSource, sessionId);
      expect(brokenSeatRules(ledger)).toEqual([]);
    }

    // Each booking in the database (a 503 whose commit had already happened included) is mailed
    // exactly once, also after the dispatcher's claims on the messages could have expired.
    const emailOf = new Map(learners.map((learner) => [learner.person.id, learner.person.email!.toLowerCase()]));
    const bookedEmails = rows.map((row) => emailOf.get(row.personId)!);
    const messagesTo = (email: string) => sink.received.filter((mail) => mail.envelope.to.some((to) => to.toLowerCase() === email)).length;
    await eventually(() => expect(bookedEmails.filter((email) => messagesTo(email) === 0)).toEqual([]), 60_000);
    t.clock.advance(AFTER_THE_LEASES_MS);
    await sleep(2_000);
    const notOnce = bookedEmails.map((email) => [email, messagesTo(email)] as const).filter(([, count]) => count !== 1);
    expect(notOnce).toEqual([]);
    expect(sink.received).toHaveLength(rows.length);
  }, 300_000);
});
