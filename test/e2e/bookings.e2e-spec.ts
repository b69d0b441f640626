import { Booking } from '../../src/bookings/booking.entity';
import { IdempotencyRecord } from '../../src/bookings/idempotency-record.entity';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { Person } from '../../src/people/person.entity';
import { TrainingSession } from '../../src/sessions/training-session.entity';
import { makeCourse, makeOrganisation, makePerson, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { brokenSeatRules, makeSignedInMany, outboxOf, seatLedger } from '../support/booking-checks';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const NOW = '2026-10-01T08:00:00Z';
const HOUR = 3600_000;
const UNKNOWN_ID = '00000000-0000-4000-8000-00000000abcd';

describe(`bookings (${testDialect()})`, () => {
  let t: TestApp;
  let organisationId: string;
  let otherOrganisationId: string;
  let courseId: string;
  let courseTitle: string;
  let trainer: SignedInPerson;
  let otherTrainer: SignedInPerson;
  let admin: SignedInPerson;
  let manager: SignedInPerson;
  let otherManager: SignedInPerson;
  let learner: SignedInPerson;
  let colleague: SignedInPerson;
  let outsider: SignedInPerson;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    otherOrganisationId = (await makeOrganisation(t.dataSource)).id;
    ({ id: courseId, title: courseTitle } = await makeCourse(t.dataSource));
    trainer = await makeSignedIn(t.dataSource, organisationId, ['trainer']);
    otherTrainer = await makeSignedIn(t.dataSource, organisationId, ['trainer']);
    admin = await makeSignedIn(t.dataSource, otherOrganisationId, ['admin']);
    manager = await makeSignedIn(t.dataSource, organisationId, ['manager']);
    otherManager = await makeSignedIn(t.dataSource, otherOrganisationId, ['manager']);
    learner = await makeSignedIn(t.dataSource, organisationId, ['learner']);
    colleague = await makeSignedIn(t.dataSource, organisationId, ['learner']);
    outsider = await makeSignedIn(t.dataSource, otherOrganisationId, ['learner']);
  });
  afterEach(() => t.clock.set(NOW));
  afterAll(() => t.close());

  const newSession = (fields: Partial<TrainingSession> = {}) =>
    makeSession(t.dataSource, { courseId, trainerIds: [trainer.person.id], now: new Date(NOW), ...fields });
  const book = (who: SignedInPerson, body: Record<string, unknown>) => t.http.post('/api/bookings').set(who.auth).send(body);
  const cancel = (who: SignedInPerson, bookingId: string) => t.http.post(`/api/bookings/${bookingId}/cancel`).set(who.auth);
  const bookingCount = () => t.dataSource.getRepository(Booking).count();
  const outboxCount = () => t.dataSource.getRepository(OutboxMessage).count();
  const positions = async (sessionId: string) => {
    const res = await t.http.get(`/api/bookings?sessionId=${sessionId}&status=waitlisted`).set(admin.auth).expect(200);
    return (res.body.items as Array<{ personId: string; waitlistPosition: number }>)
      .sort((a, b) => a.waitlistPosition - b.waitlistPosition)
      .map((b) => [b.waitlistPosition, b.personId]);
  };

  describe('POST /api/bookings', () => {
    it('a learner books themself: 201 confirmed, the seat counted and the confirmation in the outbox', async () => {
      const session = await newSession({ capacity: 2 });
      const res = await book(learner, { sessionId: session.id }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        sessionId: session.id,
        personId: learner.person.id,
        status: 'confirmed',
        waitlistPosition: null,
        createdAt: '2026-10-01T08:00:00.000Z',
        cancelledAt: null,
        session: {
          courseTitle,
          startsAt: session.startsAt.toISOString(),
          endsAt: session.endsAt.toISOString(),
          timezone: 'Europe/London',
          location: 'Crosshouse Hospital library',
          onlineUrl: null,
          status: 'scheduled',
        },
      });
      const ledger = await seatLedger(t.dataSource, session.id);
      expect(ledger.session.confirmedCount).toBe(1);
      expect(ledger.confirmed).toEqual([expect.objectContaining({ id: res.body.id, bookedById: learner.person.id, waitlistRank: null })]);
      expect(await outboxOf(t.dataSource, session.id)).toEqual([
        { kind: 'booking-confirmed', personId: learner.person.id, recipient: learner.person.email },
      ]);
    });

    it('a full session puts people on the waitlist, first come first served, and tells them their place', async () => {
      const session = await newSession({ capacity: 1 });
      const [first, second, third] = await makeSignedInMany(t.dataSource, organisationId, 3);
      await book(first, { sessionId: session.id }).expect(201);
      const w1 = await book(second, { sessionId: session.id }).expect(201);
      const w2 = await book(third, { sessionId: session.id }).expect(201);
      expect(w1.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      expect(w2.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
      const session2 = await t.http.get(`/api/sessions/${session.id}`).set(learner.auth).expect(200);
      expect(session2.body).toMatchObject({ confirmedCount: 1, waitlistCount: 2, seatsLeft: 0 });
      const mails = await outboxOf(t.dataSource, session.id);
      expect(mails.filter((m) => m.kind === 'booking-waitlisted').map((m) => m.personId).sort()).toEqual(
        [second.person.id, third.person.id].sort(),
      );
      expect(brokenSeatRules(await seatLedger(t.dataSource, session.id))).toEqual([]);
    });

    it('a full session without waitlist is 422 session-full; nothing is stored or sent', async () => {
      const session = await newSession({ capacity: 1, waitlistEnabled: false });
      await book(colleague, { sessionId: session.id }).expect(201);
      const [bookings, mails] = [await bookingCount(), await outboxCount()];
      const res = await book(learner, { sessionId: session.id }).expect(422);
      expect(res.body).toMatchObject({ status: 422, type: expect.stringMatching(/session-full$/) });
      expect([await bookingCount(), await outboxCount()]).toEqual([bookings, mails]);
      expect((await seatLedger(t.dataSource, session.id)).session).toMatchObject({ confirmedCount: 1, waitlistArrivals: 0 });
    });

    it('a second active booking for the same person and session is 409; after cancelling they may book again', async () => {
      const session = await newSession({ capacity: 1 });
      const first = await book(learner, { sessionId: session.id }).expect(201);
      const dup = await book(learner, { sessionId: session.id }).expect(409);
      expect(dup.body.type).toMatch(/duplicate-booking$/);
      await book(colleague, { sessionId: session.id }).expect(201);
      await book(colleague, { sessionId: session.id }).expect(409);
      expect((await seatLedger(t.dataSource, session.id)).session).toMatchObject({ confirmedCount: 1 });
      await cancel(learner, first.body.id).expect(200);
      const again = await book(learner, { sessionId: session.id }).expect(201);
      expect(again.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      expect(brokenSeatRules(await seatLedger(t.dataSource, session.id))).toEqual([]);
    });

    it('refuses sessions that are cancelled, started or closed for booking with 422', async () => {
      const cancelled = await newSession({ status: 'cancelled' });
      const started = await newSession({ startsAt: new Date(Date.parse(NOW) - 10 * 60_000) });
      const closed = await newSession({ bookingClosesAt: new Date(Date.parse(NOW) - 60_000) });
      const closesNow = await newSession({ bookingClosesAt: new Date(NOW) });
      const before = await bookingCount();
      for (const [session, code] of [
        [cancelled, 'session-cancelled'],
        [started, 'session-started'],
        [closed, 'booking-closed'],
        [closesNow, 'booking-closed'],
      ] as const) {
        const res = await book(learner, { sessionId: session.id }).expect(422);
        expect(res.body.type).toMatch(new RegExp(`${code}$`));
      }
      expect(await bookingCount()).toBe(before);
      expect((await seatLedger(t.dataSource, started.id)).session.confirmedCount).toBe(0);
    });

    it('refuses a booking before booking opens with 422 booking-not-open naming the instant, and takes it from then on', async () => {
      const session = await newSession({ bookingOpensAt: new Date(Date.parse(NOW) + HOUR) });
      const before = await bookingCount();
      for (const who of [learner, admin]) {
        const res = await book(who, { sessionId: session.id, personId: learner.person.id }).expect(422);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 422, detail: 'Booking for this session opens at 2026-10-01T09:00:00.000Z.' });
        expect(res.body.type).toMatch(/booking-not-open$/);
      }
      expect(await bookingCount()).toBe(before);
      expect((await seatLedger(t.dataSource, session.id)).session.confirmedCount).toBe(0);
      t.clock.advance(HOUR - 1);
      await book(learner, { sessionId: session.id }).expect(422);
      t.clock.advance(1);
      expect((await book(learner, { sessionId: session.id }).expect(201)).body).toMatchObject({ status: 'confirmed' });
    });

    it('a session that starts while open stops taking bookings at its start', async () => {
      const session = await newSession({ startsAt: new Date(Date.parse(NOW) + HOUR) });
      t.clock.advance(HOUR);
      await book(learner, { sessionId: session.id }).expect(422);
      t.clock.advance(-1);
      await book(learner, { sessionId: session.id }).expect(201);
    });

    it.each([
      ['an unknown session', { sessionId: UNKNOWN_ID }, 404],
      ['a malformed session id', { sessionId: 'abc' }, 400],
      ['a null session id', { sessionId: null }, 400],
      ['a malformed person id', { personId: 'me' }, 400],
      ['an unknown field', { seats: 2 }, 400],
    ])('answers %s with a problem, booking nothing', async (_case, body, status) => {
      const session = await newSession();
      const before = await bookingCount();
      const res = await book(learner, { sessionId: session.id, ...body }).expect(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await bookingCount()).toBe(before);
    });
  });

  describe('booking on behalf of someone', () => {
    it('admins book anyone; managers their own organisation; the session trainers anyone', async () => {
      const session = await newSession({ capacity: 10 });
      const byAdmin = await book(admin, { sessionId: session.id, personId: learner.person.id }).expect(201);
      const byManager = await book(manager, { sessionId: session.id, personId: colleague.person.id }).expect(201);
      const byTrainer = await book(trainer, { sessionId: session.id, personId: outsider.person.id }).expect(201);
      const self = await book(otherTrainer, { sessionId: session.id, personId: otherTrainer.person.id }).expect(201);
      const rows = await t.dataSource.getRepository(Booking).findBy({ sessionId: session.id });
      const bookedBy = Object.fromEntries(rows.map((r) => [r.id, [r.personId, r.bookedById]]));
      expect(bookedBy).toEqual({
        [byAdmin.body.id]: [learner.person.id, admin.person.id],
        [byManager.body.id]: [colleague.person.id, manager.person.id],
        [byTrainer.body.id]: [outsider.person.id, trainer.person.id],
        [self.body.id]: [otherTrainer.person.id, otherTrainer.person.id],
      });
    });

    it('learners, and trainers of other sessions, get 403 for anyone but themselves, known or not; nothing is booked', async () => {
      const session = await newSession();
      const before = await bookingCount();
      for (const [who, personId] of [
        [learner, colleague.person.id],
        [learner, UNKNOWN_ID],
        [otherTrainer, learner.person.id],
        [otherTrainer, UNKNOWN_ID],
      ] as const) {
        const res = await book(who, { sessionId: session.id, personId }).expect(403);
        expect(res.body).toMatchObject({ status: 403, type: expect.stringMatching(/forbidden$/) });
        expect(res.body.detail).not.toMatch(/Person was not found/);
      }
      expect(await bookingCount()).toBe(before);
    });

    it('a person the caller may not see, or who cannot be booked, is 404, and nothing is booked', async () => {
      const session = await newSession();
      const stranger = await makePerson(t.dataSource, { organisationId: otherOrganisationId });
      const erased = await makePerson(t.dataSource, { organisationId, erasedAt: new Date(NOW), name: null, email: null, emailKey: null });
      const before = await bookingCount();
      for (const [who, personId] of [
        [otherManager, learner.person.id],
        [manager, stranger.id],
        [manager, UNKNOWN_ID],
        [admin, UNKNOWN_ID],
        [admin, erased.id],
      ] as const) {
        const res = await book(who, { sessionId: session.id, personId }).expect(404);
        expect(res.body.detail).toMatch(/Person/);
      }
      expect(await bookingCount()).toBe(before);
      expect((await seatLedger(t.dataSource, session.id)).session.confirmedCount).toBe(0);
    });

    it('a person deactivated by another instance while their token is still hot here books nothing: 404, no seat, no mail', async () => {
      const session = await newSession();
      const leaver = await makeSignedIn(t.dataSource, organisationId, ['learner']);
      await t.http.get('/api/bookings').set(leaver.auth).expect(200);
      // Written straight to the database, as another instance would; this instance still trusts the token for a few seconds.
      await t.dataSource.getRepository(Person).update({ id: leaver.person.id }, { active: false });
      const [bookings, mails] = [await bookingCount(), await outboxCount()];
      const res = await book(leaver, { sessionId: session.id }).expect(404);
      expect(res.body.detail).toMatch(/Person/);
      expect([await bookingCount(), await outboxCount()]).toEqual([bookings, mails]);
      expect((await seatLedger(t.dataSource, session.id)).session.confirmedCount).toBe(0);
    });
  });

  describe('reading bookings', () => {
    let session: TrainingSession;
    let otherSession: TrainingSession;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      session = await newSession({ capacity: 1 });
      otherSession = await makeSession(t.dataSource, { courseId, trainerIds: [otherTrainer.person.id], now: new Date(NOW) });
      ids.learner = (await book(learner, { sessionId: session.id }).expect(201)).body.id;
      ids.colleague = (await book(colleague, { sessionId: session.id }).expect(201)).body.id;
      ids.outsider = (await book(outsider, { sessionId: otherSession.id }).expect(201)).body.id;
      ids.trainerOwn = (await book(trainer, { sessionId: otherSession.id }).expect(201)).body.id;
    });

    const listIds = async (who: SignedInPerson, query = '') => {
      const res = await t.http.get(`/api/bookings?${query}`).set(who.auth).expect(200);
      const mine = new Set(Object.values(ids));
      return (res.body.items as Array<{ id: string }>).map((b) => b.id).filter((id) => mine.has(id)).sort();
    };

    it('each role sees its scope', async () => {
      expect(await listIds(learner)).toEqual([ids.learner]);
      expect(await listIds(outsider)).toEqual([ids.outsider]);
      expect(await listIds(trainer)).toEqual([ids.learner, ids.colleague, ids.trainerOwn].sort());
      expect(await listIds(otherTrainer)).toEqual([ids.outsider, ids.trainerOwn].sort());
      expect(await listIds(manager)).toEqual([ids.learner, ids.colleague, ids.trainerOwn].sort());
      expect(await listIds(otherManager)).toEqual([ids.outsider]);
      expect(await listIds(admin)).toEqual(Object.values(ids).sort());
    });

    it('filters by session, person and status, pages, and shows waitlist positions', async () => {
      const res = await t.http.get(`/api/bookings?sessionId=${session.id}`).set(trainer.auth).expect(200);
      expect(res.body.total).toBe(2);
      expect(res.body.items.map((b: { id: string; waitlistPosition: number | null }) => [b.id, b.waitlistPosition]).sort()).toEqual(
        [[ids.learner, null], [ids.colleague, 1]].sort(),
      );
      expect(await listIds(admin, `personId=${colleague.person.id}&status=waitlisted`)).toEqual([ids.colleague]);
      expect(await listIds(admin, `personId=${colleague.person.id}&status=confirmed`)).toEqual([]);
      // Pages of one walk the list in its order (oldest first), each booking once.
      const whole = await t.http.get(`/api/bookings?sessionId=${session.id}`).set(admin.auth).expect(200);
      const inOrder = (whole.body.items as Array<{ id: string }>).map((b) => b.id);
      expect([...inOrder].sort()).toEqual([ids.learner, ids.colleague].sort());
      const pageIds = async (offset: number) => {
        const page = await t.http.get(`/api/bookings?sessionId=${session.id}&limit=1&offset=${offset}`).set(admin.auth).expect(200);
        expect(page.body.total).toBe(2);
        return (page.body.items as Array<{ id: string }>).map((b) => b.id);
      };
      expect(await pageIds(0)).toEqual([inOrder[0]]);
      expect(await pageIds(1)).toEqual([inOrder[1]]);
      expect(await pageIds(2)).toEqual([]);
      for (const query of ['status=done', 'sessionId=x', 'limit=1000', 'offset=-5', 'extra=1']) {
        await t.http.get(`/api/bookings?${query}`).set(admin.auth).expect(400);
      }
    });

    it("GET /api/bookings/:id: in scope 200, another person's booking 404, malformed id 400", async () => {
      const own = await t.http.get(`/api/bookings/${ids.colleague}`).set(colleague.auth).expect(200);
      expect(own.body).toMatchObject({ id: ids.colleague, status: 'waitlisted', waitlistPosition: 1 });
      await t.http.get(`/api/bookings/${ids.colleague}`).set(trainer.auth).expect(200);
      await t.http.get(`/api/bookings/${ids.colleague}`).set(manager.auth).expect(200);
      await t.http.get(`/api/bookings/${ids.colleague}`).set(admin.auth).expect(200);
      for (const who of [learner, otherTrainer, otherManager, outsider]) {
        const res = await t.http.get(`/api/bookings/${ids.colleague}`).set(who.auth).expect(404);
        expect(res.body.detail).toBe('Booking was not found');
      }
      await t.http.get(`/api/bookings/${UNKNOWN_ID}`).set(admin.auth).expect(404);
      await t.http.get('/api/bookings/12').set(admin.auth).expect(400);
    });
  });

  describe('each booking names its session', () => {
    it('with course title, times, zone, place and status as they stand now, in every answer', async () => {
      const session = await newSession({
        capacity: 1,
        startsAt: new Date('2026-10-20T09:30:00Z'),
        endsAt: new Date('2026-10-20T12:00:00Z'),
        timezone: 'Europe/Paris',
        location: null,
        onlineUrl: 'https://teams.example.test/meet/42',
      });
      const summary = {
        courseTitle,
        startsAt: '2026-10-20T09:30:00.000Z',
        endsAt: '2026-10-20T12:00:00.000Z',
        timezone: 'Europe/Paris',
        location: null,
        onlineUrl: 'https://teams.example.test/meet/42',
        status: 'scheduled',
      };
      const seat = await book(learner, { sessionId: session.id }).expect(201);
      const waiting = await book(colleague, { sessionId: session.id }).expect(201);
      expect([seat.body.session, waiting.body.session]).toEqual([summary, summary]);
      expect((await t.http.get(`/api/bookings/${seat.body.id}`).set(learner.auth).expect(200)).body.session).toEqual(summary);
      const listed = await t.http.get(`/api/bookings?sessionId=${session.id}`).set(admin.auth).expect(200);
      expect(listed.body.items.map((b: { session: unknown }) => b.session)).toEqual([summary, summary]);

      await t.http.patch(`/api/sessions/${session.id}`).set(trainer.auth).send({ location: 'Ayr Hospital library' }).expect(200);
      const moved = { ...summary, location: 'Ayr Hospital library' };
      expect((await cancel(learner, seat.body.id).expect(200)).body.session).toEqual(moved);
      await t.http.post(`/api/sessions/${session.id}/cancel`).set(trainer.auth).send({}).expect(200);
      const mine = await t.http.get(`/api/bookings?personId=${colleague.person.id}&sessionId=${session.id}`).set(colleague.auth).expect(200);
      expect(mine.body.items).toEqual([expect.objectContaining({ status: 'cancelled', session: { ...moved, status: 'cancelled' } })]);
    });
  });

  describe('POST /api/bookings/:id/cancel', () => {
    it('a freed seat goes to the first on the waitlist in the same transaction; positions stay contiguous', async () => {
      const session = await newSession({ capacity: 2 });
      const people = await makeSignedInMany(t.dataSource, organisationId, 6);
      const booked = [];
      for (const person of people) booked.push((await book(person, { sessionId: session.id }).expect(201)).body);
      expect(await positions(session.id)).toEqual([2, 3, 4, 5].map((i) => [i - 1, people[i].person.id]));

      await cancel(people[3], booked[3].id).expect(200);
      expect(await positions(session.id)).toEqual([
        [1, people[2].person.id],
        [2, people[4].person.id],
        [3, people[5].person.id],
      ]);

      const res = await cancel(people[0], booked[0].id).expect(200);
      expect(res.body).toMatchObject({ id: booked[0].id, status: 'cancelled', waitlistPosition: null, cancelledAt: '2026-10-01T08:00:00.000Z' });
      expect(await positions(session.id)).toEqual([
        [1, people[4].person.id],
        [2, people[5].person.id],
      ]);
      const ledger = await seatLedger(t.dataSource, session.id);
      expect(ledger.confirmed.map((b) => b.personId).sort()).toEqual([people[1].person.id, people[2].person.id].sort());
      expect(ledger.confirmed.find((b) => b.personId === people[2].person.id)).toMatchObject({ waitlistRank: null, confirmedAt: new Date(NOW) });
      expect(brokenSeatRules(ledger)).toEqual([]);

      const mails = await outboxOf(t.dataSource, session.id);
      expect(mails.filter((m) => m.kind === 'booking-cancelled').map((m) => m.personId).sort()).toEqual(
        [people[0].person.id, people[3].person.id].sort(),
      );
      expect(mails.filter((m) => m.kind === 'booking-promoted').map((m) => m.personId)).toEqual([people[2].person.id]);
    });

    it("the person, their manager, the session's trainers and admins may cancel; others get 404", async () => {
      const session = await newSession({ capacity: 10 });
      const people = await makeSignedInMany(t.dataSource, organisationId, 4);
      const booked = [];
      for (const person of people) booked.push((await book(person, { sessionId: session.id }).expect(201)).body.id);
      for (const who of [learner, otherTrainer, otherManager, outsider]) await cancel(who, booked[0]).expect(404);
      expect((await seatLedger(t.dataSource, session.id)).confirmed).toHaveLength(4);
      await cancel(people[0], booked[0]).expect(200);
      await cancel(manager, booked[1]).expect(200);
      await cancel(trainer, booked[2]).expect(200);
      await cancel(admin, booked[3]).expect(200);
      const ledger = await seatLedger(t.dataSource, session.id);
      expect([ledger.session.confirmedCount, ledger.cancelled.length]).toEqual([0, 4]);
    });

    it('cancelling twice, or after the session has started, is 422 and changes nothing', async () => {
      const session = await newSession({ capacity: 1, startsAt: new Date(Date.parse(NOW) + HOUR) });
      const seat = (await book(learner, { sessionId: session.id }).expect(201)).body.id;
      const waiting = (await book(colleague, { sessionId: session.id }).expect(201)).body.id;
      const twice = (await book(outsider, { sessionId: session.id }).expect(201)).body.id;
      await cancel(outsider, twice).expect(200);
      const again = await cancel(outsider, twice).expect(422);
      expect(again.body.type).toMatch(/booking-cancelled$/);

      t.clock.advance(HOUR);
      const mails = await outboxCount();
      for (const who of [learner, admin]) {
        const late = await cancel(who, seat).expect(422);
        expect(late.body.type).toMatch(/session-started$/);
      }
      await cancel(colleague, waiting).expect(422);
      const ledger = await seatLedger(t.dataSource, session.id);
      expect([ledger.confirmed.length, ledger.waitlisted.length, ledger.session.confirmedCount]).toEqual([1, 1, 1]);
      expect(await outboxCount()).toBe(mails);
      await cancel(admin, UNKNOWN_ID).expect(404);
      await cancel(admin, 'nope').expect(400);
    });
  });

  describe('Idempotency-Key', () => {
    const bookWithKey = (who: SignedInPerson, key: string, body: Record<string, unknown>) =>
      t.http.post('/api/bookings').set(who.auth).set('Idempotency-Key', key).send(body);

    it('a repeat within 24 hours gets the first answer again and books nothing more', async () => {
      const session = await newSession({ capacity: 1 });
      await book(colleague, { sessionId: session.id }).expect(201);
      const first = await bookWithKey(learner, 'retry-1', { sessionId: session.id }).expect(201);
      expect(first.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      await cancel(colleague, (await seatLedger(t.dataSource, session.id)).confirmed[0].id).expect(200);

      t.clock.advance(23 * HOUR);
      const repeat = await bookWithKey(learner, 'retry-1', { sessionId: session.id }).expect(201);
      expect(repeat.body).toEqual(first.body);
      expect(repeat.headers['idempotent-replayed']).toBe('true');
      expect(await t.dataSource.getRepository(Booking).countBy({ sessionId: session.id, personId: learner.person.id })).toBe(1);

      const other = await bookWithKey(learner, 'retry-1', { sessionId: session.id, personId: learner.person.id }).expect(422);
      expect(other.body.type).toMatch(/idempotency-key-reused$/);
      const sameKeyOtherCaller = await bookWithKey(colleague, 'retry-1', { sessionId: session.id }).expect(201);
      expect(sameKeyOtherCaller.body.personId).toBe(colleague.person.id);
    });

    it('after 24 hours the key is free again', async () => {
      const session = await newSession();
      const first = await bookWithKey(learner, 'daily', { sessionId: session.id }).expect(201);
      await cancel(learner, first.body.id).expect(200);
      t.clock.advance(24 * HOUR + 1000);
      const later = await bookWithKey(learner, 'daily', { sessionId: session.id }).expect(201);
      expect(later.body.id).not.toBe(first.body.id);
      const record = await t.dataSource.getRepository(IdempotencyRecord).findOneByOrFail({ callerId: learner.person.id, key: 'daily' });
      expect(JSON.parse(record.responseBody)).toEqual(later.body);
    });

    it("claiming a key purges the caller's records older than 24 hours", async () => {
      const caller = await makeSignedIn(t.dataSource, organisationId, ['learner']);
      const [first, second, third] = [await newSession(), await newSession(), await newSession()];
      await bookWithKey(caller, 'yesterday', { sessionId: first.id }).expect(201);
      t.clock.advance(HOUR);
      await bookWithKey(caller, 'within-the-day', { sessionId: second.id }).expect(201);
      t.clock.advance(23 * HOUR + 1000);
      await bookWithKey(caller, 'today', { sessionId: third.id }).expect(201);
      const keys = (await t.dataSource.getRepository(IdempotencyRecord).findBy({ callerId: caller.person.id })).map((r) => r.key);
      expect(keys.sort()).toEqual(['today', 'within-the-day']);
    });

    it('a refused request is not stored: the same key tries again', async () => {
      const session = await newSession({ capacity: 1, waitlistEnabled: false });
      const seat = (await book(colleague, { sessionId: session.id }).expect(201)).body.id;
      await bookWithKey(learner, 'full-then-free', { sessionId: session.id }).expect(422);
      expect(await t.dataSource.getRepository(IdempotencyRecord).countBy({ key: 'full-then-free' })).toBe(0);
      await cancel(colleague, seat).expect(200);
      const res = await bookWithKey(learner, 'full-then-free', { sessionId: session.id }).expect(201);
      expect(res.body.status).toBe('confirmed');
    });

    it('refuses a malformed key with 400', async () => {
      const session = await newSession();
      for (const key of ['a'.repeat(201), 'has space']) {
        const res = await bookWithKey(learner, key, { sessionId: session.id }).expect(400);
        expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
      }
      expect(await t.dataSource.getRepository(Booking).countBy({ sessionId: session.id })).toBe(0);
    });
  });
});
