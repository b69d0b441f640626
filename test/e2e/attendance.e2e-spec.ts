import { randomUUID } from 'node:crypto';
import { AttendanceChange } from '../../src/attendance/attendance-change.entity';
import { AttendanceRecord } from '../../src/attendance/attendance-record.entity';
import { Booking } from '../../src/bookings/booking.entity';
import { Person } from '../../src/people/person.entity';
import { TrainingSession } from '../../src/sessions/training-session.entity';
import { makeCourse, makeOrganisation, makePerson, makeRoster, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { makeConfirmedBooking } from '../factories/attendance';
import { databaseBefore, sql } from '../support/database-before';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const UNKNOWN_ID = '00000000-0000-4000-8000-00000000abcd';

describe(`attendance registers (${testDialect()})`, () => {
  let t: TestApp;
  let organisationId: string;
  let courseId: string;
  let trainer: SignedInPerson;
  let otherTrainer: SignedInPerson;
  let admin: SignedInPerson;
  let manager: SignedInPerson;
  let learner: SignedInPerson;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-10-01T08:00:00Z' });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    courseId = (await makeCourse(t.dataSource)).id;
    ({ trainer, otherTrainer, admin, manager, learner } = await makeRoster(t.dataSource, organisationId));
  });
  afterAll(() => t.close());

  /** A session trained by `trainer` with three confirmed bookings, one waitlisted and one cancelled. */
  async function bookedSession(startsAt: Date, overrides: Partial<TrainingSession> = {}) {
    const session = await makeSession(t.dataSource, { courseId, trainerIds: [trainer.person.id], startsAt, ...overrides });
    const names = ['Catriona Bell', 'Aileas Rennie', 'Bryony MacLeod'];
    const people: Person[] = [];
    const bookings: Booking[] = [];
    for (const name of names) {
      const person = await makePerson(t.dataSource, { organisationId, name });
      people.push(person);
      bookings.push(await makeConfirmedBooking(t.dataSource, session.id, person.id));
    }
    for (const status of ['waitlisted', 'cancelled'] as const) {
      const person = await makePerson(t.dataSource, { organisationId });
      await t.dataSource.getRepository(Booking).save({
        sessionId: session.id,
        personId: person.id,
        status,
        waitlistRank: status === 'waitlisted' ? 1 : null,
        bookedById: person.id,
        createdAt: new Date(),
        confirmedAt: null,
        cancelledAt: status === 'cancelled' ? new Date() : null,
      });
    }
    return { session, people, bookings };
  }

  type Mark = { personId: string; status: string };
  const mark = (sessionId: string, who: SignedInPerson, marks: Mark[]) =>
    t.http.put(`/api/sessions/${sessionId}/attendance`).set(who.auth).send({ records: marks });
  const records = (sessionId: string) => t.dataSource.getRepository(AttendanceRecord).findBy({ sessionId });
  const changes = (sessionId: string) => t.dataSource.getRepository(AttendanceChange).find({ where: { sessionId }, order: { changedAt: 'ASC' } });

  it("lists every confirmed booking, unmarked, to the session's trainers and admins only", async () => {
    const { session, people, bookings } = await bookedSession(new Date('2026-10-05T09:00:00Z'));

    const res = await t.http.get(`/api/sessions/${session.id}/attendance`).set(trainer.auth).expect(200);
    expect(res.body).toEqual({
      sessionId: session.id,
      records: [1, 2, 0].map((i) => ({ personId: people[i].id, name: people[i].name, bookingId: bookings[i].id, status: null, walkIn: false })),
    });
    await t.http.get(`/api/sessions/${session.id}/attendance`).set(admin.auth).expect(200);
    // Everybody can see the session, so another trainer learns nothing from a 403.
    const refused = await t.http.get(`/api/sessions/${session.id}/attendance`).set(otherTrainer.auth).expect(403);
    expect(refused.body).toMatchObject({ status: 403, type: expect.stringMatching(/forbidden$/) });
    await t.http.get(`/api/sessions/${session.id}/attendance`).set(manager.auth).expect(403);
    await t.http.get(`/api/sessions/${session.id}/attendance`).set(learner.auth).expect(403);
    await t.http.get(`/api/sessions/${UNKNOWN_ID}/attendance`).set(admin.auth).expect(404);
    await t.http.get('/api/sessions/not-a-uuid/attendance').set(admin.auth).expect(400);
  });

  it('refuses to mark a session before it starts (422) and a cancelled one at any time (422), writing nothing', async () => {
    const upcoming = await bookedSession(new Date('2026-10-01T09:00:00Z'));
    t.clock.set('2026-10-01T08:59:59Z');
    const early = await mark(upcoming.session.id, trainer, [{ personId: upcoming.people[0].id, status: 'attended' }]).expect(422);
    expect(early.body.type).toBe('urn:training-tracker:problem:session-not-started');

    const cancelled = await bookedSession(new Date('2026-09-20T09:00:00Z'), { status: 'cancelled', cancelledAt: new Date('2026-09-19T09:00:00Z') });
    const refused = await mark(cancelled.session.id, admin, [{ personId: cancelled.people[0].id, status: 'attended' }]).expect(422);
    expect(refused.body.type).toBe('urn:training-tracker:problem:session-cancelled');

    expect(await records(upcoming.session.id)).toEqual([]);
    expect(await records(cancelled.session.id)).toEqual([]);
    expect(await changes(upcoming.session.id)).toEqual([]);
  });

  it('marks the whole room in one request, adds a walk-in, and keeps every change as history', async () => {
    const { session, people, bookings } = await bookedSession(new Date('2026-10-02T09:00:00Z'));
    const walkIn = await makePerson(t.dataSource, { organisationId, name: 'Seonaidh Mac Giolla Bhrìghde' });
    const markedAt = new Date('2026-10-02T09:30:00Z');
    t.clock.set(markedAt);

    const res = await mark(session.id, trainer, [
      { personId: people[0].id, status: 'attended' },
      { personId: people[1].id, status: 'absent' },
      { personId: people[2].id, status: 'excused' },
      { personId: walkIn.id, status: 'attended' },
    ]).expect(200);
    expect(res.body.records).toEqual([
      { personId: people[1].id, name: 'Aileas Rennie', bookingId: bookings[1].id, status: 'absent', walkIn: false },
      { personId: people[2].id, name: 'Bryony MacLeod', bookingId: bookings[2].id, status: 'excused', walkIn: false },
      { personId: people[0].id, name: 'Catriona Bell', bookingId: bookings[0].id, status: 'attended', walkIn: false },
      { personId: walkIn.id, name: 'Seonaidh Mac Giolla Bhrìghde', bookingId: null, status: 'attended', walkIn: true },
    ]);

    const stored = await records(session.id);
    expect(stored).toHaveLength(4);
    expect(stored.find((r) => r.personId === walkIn.id)).toMatchObject({ bookingId: null, walkIn: true, status: 'attended', recordedById: trainer.person.id });
    expect(stored.find((r) => r.personId === people[0].id)).toMatchObject({ bookingId: bookings[0].id, walkIn: false });
    const firstChanges = await changes(session.id);
    expect(firstChanges).toHaveLength(4);
    for (const change of firstChanges) {
      expect(change).toMatchObject({ oldStatus: null, source: 'register', changedById: trainer.person.id, changedAt: markedAt });
      expect(change.walkIn).toBe(change.personId === walkIn.id);
    }

    // A week later an admin corrects one entry and repeats another unchanged.
    const correctedAt = new Date('2026-10-09T10:00:00Z');
    t.clock.set(correctedAt);
    await mark(session.id, admin, [
      { personId: people[0].id, status: 'attended' },
      { personId: people[1].id, status: 'attended' },
    ]).expect(200);
    const allChanges = await changes(session.id);
    expect(allChanges).toHaveLength(5);
    expect(allChanges[4]).toMatchObject({ personId: people[1].id, oldStatus: 'absent', newStatus: 'attended', changedById: admin.person.id, changedAt: correctedAt });
    expect((await records(session.id)).find((r) => r.personId === people[1].id)!.status).toBe('attended');

    const history = await t.http.get(`/api/sessions/${session.id}/attendance/history`).set(trainer.auth).expect(200);
    expect(history.body.total).toBe(5);
    expect(history.body.items[4]).toEqual({
      id: allChanges[4].id,
      personId: people[1].id,
      name: 'Aileas Rennie',
      oldStatus: 'absent',
      newStatus: 'attended',
      source: 'register',
      walkIn: false,
      changedById: admin.person.id,
      changedByName: admin.person.name,
      changedAt: correctedAt.toISOString(),
    });
    // The history says who came as a walk-in, so a manager can see where a count came from.
    expect(history.body.items.filter((i: { walkIn: boolean }) => i.walkIn)).toEqual([
      expect.objectContaining({ personId: walkIn.id, name: 'Seonaidh Mac Giolla Bhrìghde', oldStatus: null, newStatus: 'attended', walkIn: true }),
    ]);
    expect(history.body.items.slice(0, 4).map((i: { changedAt: string }) => i.changedAt)).toEqual(Array(4).fill(markedAt.toISOString()));
    const paged = await t.http.get(`/api/sessions/${session.id}/attendance/history?limit=2&offset=4`).set(admin.auth).expect(200);
    expect(paged.body).toMatchObject({ total: 5, items: [{ id: allChanges[4].id }] });
    await t.http.get(`/api/sessions/${session.id}/attendance/history`).set(otherTrainer.auth).expect(403);
  });

  it("refuses another trainer's register update with 403, writing nothing", async () => {
    const { session, people } = await bookedSession(new Date('2026-10-06T09:00:00Z'));
    t.clock.set('2026-10-06T09:30:00Z');
    await mark(session.id, otherTrainer, [{ personId: people[0].id, status: 'attended' }]).expect(403);
    await mark(session.id, learner, [{ personId: people[0].id, status: 'attended' }]).expect(403);
    await mark(UNKNOWN_ID, admin, [{ personId: people[0].id, status: 'attended' }]).expect(404);
    expect(await records(session.id)).toEqual([]);
    expect(await changes(session.id)).toEqual([]);
  });

  it('rejects "maybe", a person listed twice, unknown fields and empty registers with 400, writing nothing', async () => {
    const { session, people } = await bookedSession(new Date('2026-10-03T09:00:00Z'));
    t.clock.set('2026-10-03T10:00:00Z');
    const put = (body: unknown) => t.http.put(`/api/sessions/${session.id}/attendance`).set(trainer.auth).send(body as object);

    const maybe = await put({ records: [{ personId: people[0].id, status: 'maybe' }] }).expect(400);
    expect(maybe.body.errors).toEqual([expect.objectContaining({ field: 'records.0.status' })]);
    const twice = await put({
      records: [
        { personId: people[0].id, status: 'attended' },
        { personId: people[0].id, status: 'absent' },
      ],
    }).expect(400);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'records.1.personId' })]);
    const unknownField = await put({ records: [{ personId: people[0].id, status: 'attended', note: 'late' }] }).expect(400);
    expect(unknownField.body.errors).toEqual([expect.objectContaining({ field: 'records.0.note' })]);
    await put({ records: [] }).expect(400);
    const badId = await put({ records: [{ personId: 'someone', status: 'attended' }] }).expect(400);
    expect(badId.body.errors).toEqual([expect.objectContaining({ field: 'records.0.personId' })]);

    expect(await records(session.id)).toEqual([]);
  });

  it('marks only the entry that adds a walk-in: later changes of them, and booked people, are not', async () => {
    const { session, people, bookings } = await bookedSession(new Date('2026-10-07T09:00:00Z'));
    const walkIn = await makePerson(t.dataSource, { organisationId, name: 'Òran MacÌomhair' });
    t.clock.set('2026-10-07T09:30:00Z');
    await mark(session.id, trainer, [
      { personId: walkIn.id, status: 'absent' },
      { personId: people[0].id, status: 'attended' },
    ]).expect(200);
    t.clock.set('2026-10-07T10:00:00Z');
    const res = await mark(session.id, trainer, [{ personId: walkIn.id, status: 'attended' }]).expect(200);
    expect(res.body.records.find((r: { personId: string }) => r.personId === walkIn.id)).toEqual({
      personId: walkIn.id,
      name: 'Òran MacÌomhair',
      bookingId: null,
      status: 'attended',
      walkIn: true,
    });
    expect(res.body.records.find((r: { personId: string }) => r.personId === people[0].id)).toMatchObject({ bookingId: bookings[0].id, walkIn: false });

    const history = await t.http.get(`/api/sessions/${session.id}/attendance/history`).set(admin.auth).expect(200);
    expect(history.body.items.map((i: { personId: string; oldStatus: string | null; newStatus: string; walkIn: boolean }) => [i.personId, i.oldStatus, i.newStatus, i.walkIn])).toEqual([
      ...[
        [people[0].id, null, 'attended', false],
        [walkIn.id, null, 'absent', true],
      ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
      [walkIn.id, 'absent', 'attended', false],
    ]);
  });

  it('the migration that marks walk-ins in the history marks the first entry of each walk-in already there', async () => {
    const { database, dataSource: before } = await databaseBefore('1796400100000-WalkInChanges');
    let after: TestApp | undefined;
    try {
      const at = '2026-09-01 10:00:00.000';
      const [org, course, session, booked, walkIn, booking] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const insert = (text: string, values: unknown[]) => before.query(sql(text), values);
      await insert(`INSERT INTO organisation (id, code, name, "createdAt") VALUES ($1, $2, $3, $4)`, [org, 'WEST', 'West', at]);
      await insert(`INSERT INTO course (id, title, "createdAt", "updatedAt") VALUES ($1, $2, $3, $4)`, [course, 'Searching', at, at]);
      await insert(
        `INSERT INTO training_session (id, "courseId", "startsAt", "endsAt", capacity, "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [session, course, at, '2026-09-01 12:00:00.000', 10, at, at],
      );
      for (const person of [booked, walkIn]) {
        await insert(`INSERT INTO person (id, name, "organisationId", roles, "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6)`, [person, `Person ${person}`, org, 'learner', at, at]);
      }
      await insert(`INSERT INTO booking (id, "sessionId", "personId", status, "createdAt") VALUES ($1, $2, $3, $4, $5)`, [booking, session, booked, 'confirmed', at]);
      const record = (person: string, bookingId: string | null) =>
        insert(`INSERT INTO attendance_record (id, "sessionId", "personId", "bookingId", status, "walkIn", "recordedAt") VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
          randomUUID(), session, person, bookingId, 'attended', bookingId === null ? 1 : 0, at,
        ]);
      await record(booked, booking);
      await record(walkIn, null);
      const change = (person: string, oldStatus: string | null, newStatus: string, changedAt: string) =>
        insert(`INSERT INTO attendance_change (id, "sessionId", "personId", "oldStatus", "newStatus", source, "changedById", "changedAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
          randomUUID(), session, person, oldStatus, newStatus, 'register', booked, changedAt,
        ]);
      await change(booked, null, 'attended', '2026-09-01 10:30:00.000');
      await change(walkIn, null, 'absent', '2026-09-01 10:31:00.000');
      await change(walkIn, 'absent', 'attended', '2026-09-01 10:32:00.000');
      await before.destroy();

      after = await createTestApp({ databaseUrl: database.url });
      const caller = await makeSignedIn(after.dataSource, org, ['admin']);
      const history = await after.http.get(`/api/sessions/${session}/attendance/history`).set(caller.auth).expect(200);
      expect(history.body.items.map((i: { personId: string; newStatus: string; walkIn: boolean }) => [i.personId, i.newStatus, i.walkIn])).toEqual([
        [booked, 'attended', false],
        [walkIn, 'absent', true],
        [walkIn, 'attended', false],
      ]);
    } finally {
      if (before.isInitialized) await before.destroy();
      await after?.close();
      await database.drop();
    }
  });

  it('adds only active, known people as walk-ins: anyone else fails the whole request with 422 naming the entry', async () => {
    const { session, people } = await bookedSession(new Date('2026-10-04T09:00:00Z'));
    const inactive = await makePerson(t.dataSource, { organisationId, active: false });
    const erased = await makePerson(t.dataSource, { organisationId, name: null, email: null, emailKey: null, erasedAt: new Date() });
    t.clock.set('2026-10-04T10:00:00Z');

    const res = await mark(session.id, trainer, [
      { personId: people[0].id, status: 'attended' },
      { personId: UNKNOWN_ID, status: 'attended' },
      { personId: inactive.id, status: 'attended' },
      { personId: erased.id, status: 'attended' },
    ]).expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['records.1.personId', 'records.2.personId', 'records.3.personId']);
    expect(await records(session.id)).toEqual([]);
    expect(await changes(session.id)).toEqual([]);
  });
});
