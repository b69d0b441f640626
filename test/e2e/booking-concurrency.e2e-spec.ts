import { Booking } from '../../src/bookings/booking.entity';
import { makeCourse, makeOrganisation, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { brokenSeatRules, makeSignedInMany, outboxOf, seatLedger } from '../support/booking-checks';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const NOW = '2026-10-01T08:00:00Z';

interface Answer {
  status: number;
  body: { id: string; personId: string; status: string; waitlistPosition: number | null };
}

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * Capacity under concurrency, through the HTTP API: every request is fired at once with
 * Promise.all, so they overlap in the server as they would under load.
 */
describe(`booking concurrency (${testDialect()})`, () => {
  let t: TestApp;
  let organisationId: string;
  let courseId: string;
  let admin: SignedInPerson;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    courseId = (await makeCourse(t.dataSource)).id;
    admin = await makeSignedIn(t.dataSource, organisationId, ['admin']);
  });
  afterAll(() => t.close());

  const newSession = (capacity: number) => makeSession(t.dataSource, { courseId, capacity, now: new Date(NOW) });

  /** The session's waitlist as the API shows it, by position. */
  async function waitlistViaApi(sessionId: string): Promise<Array<[number, string]>> {
    const res = await t.http.get(`/api/bookings?sessionId=${sessionId}&status=waitlisted&limit=500`).set(admin.auth).expect(200);
    return (res.body.items as Answer['body'][]).map((b): [number, string] => [b.waitlistPosition!, b.personId]).sort((a, b) => a[0] - b[0]);
  }

  /** Counts, positions and rows all agree: exactly `seats` confirmed and the rest waitlisted 1..n in arrival order. */
  async function expectExactlyFilled(sessionId: string, answers: Answer[], seats: number): Promise<void> {
    expect(answers.filter((a) => a.status !== 201).map((a) => a.status)).toEqual([]);
    const confirmed = answers.filter((a) => a.body.status === 'confirmed');
    const waitlisted = answers.filter((a) => a.body.status === 'waitlisted');
    expect([confirmed.length, waitlisted.length]).toEqual([seats, answers.length - seats]);
    expect(waitlisted.map((a) => a.body.waitlistPosition).sort((a, b) => a! - b!)).toEqual(oneTo(answers.length - seats));

    const ledger = await seatLedger(t.dataSource, sessionId);
    expect(brokenSeatRules(ledger)).toEqual([]);
    expect(ledger.session.confirmedCount).toBe(seats);
    expect(ledger.confirmed.map((b) => b.id).sort()).toEqual(confirmed.map((a) => a.body.id).sort());
    // Rank order is arrival order: the answer each person got is their place in rank order.
    expect(ledger.waitlisted.map((b) => b.personId)).toEqual(
      [...waitlisted].sort((a, b) => a.body.waitlistPosition! - b.body.waitlistPosition!).map((a) => a.body.personId),
    );
    expect(await waitlistViaApi(sessionId)).toEqual(ledger.waitlisted.map((b, i): [number, string] => [i + 1, b.personId]));
  }

  it('200 simultaneous bookings for 20 seats on one instance: exactly 20 confirmed, 180 waitlisted at 1..180', async () => {
    const session = await newSession(20);
    const learners = await makeSignedInMany(t.dataSource, organisationId, 200);
    const answers: Answer[] = await Promise.all(
      learners.map((learner) => t.http.post('/api/bookings').set(learner.auth).send({ sessionId: session.id })),
    );
    await expectExactlyFilled(session.id, answers, 20);
    const mails = await outboxOf(t.dataSource, session.id);
    expect(mails.filter((m) => m.kind === 'booking-confirmed')).toHaveLength(20);
    expect(mails.filter((m) => m.kind === 'booking-waitlisted')).toHaveLength(180);
  });

  it('10 simultaneous cancellations of confirmed bookings promote exactly 10, in waitlist order', async () => {
    const session = await newSession(10);
    const learners = await makeSignedInMany(t.dataSource, organisationId, 25);
    const booked: Answer['body'][] = [];
    for (const learner of learners) booked.push((await t.http.post('/api/bookings').set(learner.auth).send({ sessionId: session.id }).expect(201)).body);
    const waiting = booked.slice(10).map((b) => b.personId);

    const answers = await Promise.all(
      learners.slice(0, 10).map((learner, i) => t.http.post(`/api/bookings/${booked[i].id}/cancel`).set(learner.auth)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));

    const ledger = await seatLedger(t.dataSource, session.id);
    expect(brokenSeatRules(ledger)).toEqual([]);
    expect(ledger.confirmed.map((b) => b.personId).sort()).toEqual(waiting.slice(0, 10).sort());
    expect(ledger.waitlisted.map((b) => b.personId)).toEqual(waiting.slice(10));
    expect(await waitlistViaApi(session.id)).toEqual(waiting.slice(10).map((personId, i): [number, string] => [i + 1, personId]));
    const promoted = (await outboxOf(t.dataSource, session.id)).filter((m) => m.kind === 'booking-promoted');
    expect(promoted.map((m) => m.personId).sort()).toEqual(waiting.slice(0, 10).sort());
  });

  it('simultaneous twins with one Idempotency-Key make one booking and get the same answer', async () => {
    const session = await newSession(3);
    const learners = await makeSignedInMany(t.dataSource, organisationId, 6);
    const answers = await Promise.all(
      learners.flatMap((learner) =>
        [1, 2, 3].map(() => t.http.post('/api/bookings').set(learner.auth).set('Idempotency-Key', `twin-${learner.person.id}`).send({ sessionId: session.id })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(18).fill(201));
    for (let i = 0; i < learners.length; i++) {
      const triplet = answers.slice(i * 3, i * 3 + 3);
      expect(triplet[1].body).toEqual(triplet[0].body);
      expect(triplet[2].body).toEqual(triplet[0].body);
      expect(triplet.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    }
    const rows = await t.dataSource.getRepository(Booking).findBy({ sessionId: session.id });
    expect(rows.map((b) => b.personId).sort()).toEqual(learners.map((l) => l.person.id).sort());
    expect(brokenSeatRules(await seatLedger(t.dataSource, session.id))).toEqual([]);
  });

  if (testDialect() === 'postgres') {
    describe('two app instances sharing one PostgreSQL database', () => {
      let second: TestApp;

      beforeAll(async () => {
        second = await createTestApp({ now: NOW, databaseUrl: t.databaseUrl });
      });
      afterAll(() => second.close());

      it('500 simultaneous bookings spread over both give exactly 20 confirmed and 480 waitlisted at 1..480', async () => {
        const session = await newSession(20);
        const learners = await makeSignedInMany(t.dataSource, organisationId, 500);
        const answers: Answer[] = await Promise.all(
          learners.map((learner, i) => (i % 2 === 0 ? t : second).http.post('/api/bookings').set(learner.auth).send({ sessionId: session.id })),
        );
        await expectExactlyFilled(session.id, answers, 20);
        const viaSecond = await second.http.get(`/api/sessions/${session.id}`).set(admin.auth).expect(200);
        expect(viaSecond.body).toMatchObject({ confirmedCount: 20, waitlistCount: 480, seatsLeft: 0 });
      });
    });
  }
});
