import { AttendanceChange } from '../../src/attendance/attendance-change.entity';
import { AttendanceRecord } from '../../src/attendance/attendance-record.entity';
import { CheckInAttempt } from '../../src/attendance/check-in-attempt.entity';
import { TrainingSession } from '../../src/sessions/training-session.entity';
import { makeCourse, makeOrganisation, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { makeConfirmedBooking } from '../factories/attendance';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const MINUTE = 60_000;

describe(`self check-in (${testDialect()})`, () => {
  let t: TestApp;
  let organisationId: string;
  let courseId: string;
  let trainer: SignedInPerson;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-10-01T08:00:00Z' });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    courseId = (await makeCourse(t.dataSource)).id;
    trainer = await makeSignedIn(t.dataSource, organisationId, ['trainer']);
  });
  afterAll(() => t.close());

  async function sessionAt(startsAt: string, overrides: Partial<TrainingSession> = {}) {
    const start = new Date(startsAt);
    return makeSession(t.dataSource, { courseId, trainerIds: [trainer.person.id], startsAt: start, endsAt: new Date(start.getTime() + 120 * MINUTE), ...overrides });
  }

  async function bookedLearner(sessionId: string) {
    const learner = await makeSignedIn(t.dataSource, organisationId, ['learner']);
    await makeConfirmedBooking(t.dataSource, sessionId, learner.person.id);
    return learner;
  }

  const codeOf = async (sessionId: string): Promise<string> =>
    (await t.http.post(`/api/sessions/${sessionId}/check-in-code`).set(trainer.auth).expect(200)).body.code;
  const checkIn = (sessionId: string, learner: SignedInPerson, code: string, http = t.http) =>
    http.post(`/api/sessions/${sessionId}/check-in`).set(learner.auth).send({ code });

  it('gives the trainer one stable six-character code with its window, stored on the session', async () => {
    const session = await sessionAt('2026-10-02T09:00:00Z');
    const res = await t.http.post(`/api/sessions/${session.id}/check-in-code`).set(trainer.auth).expect(200);
    expect(res.body).toEqual({ code: expect.stringMatching(/^[A-HJKMNP-Z2-9]{6}$/), validFrom: '2026-10-02T08:45:00.000Z', validUntil: '2026-10-02T11:00:00.000Z' });
    expect(await codeOf(session.id)).toBe(res.body.code);
    expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: session.id })).checkInCode).toBe(res.body.code);

    const stranger = await makeSignedIn(t.dataSource, organisationId, ['trainer']);
    await t.http.post(`/api/sessions/${session.id}/check-in-code`).set(stranger.auth).expect(403);
    const cancelled = await sessionAt('2026-10-02T09:00:00Z', { status: 'cancelled' });
    await t.http.post(`/api/sessions/${cancelled.id}/check-in-code`).set(trainer.auth).expect(422);
  });

  it('marks a booked learner attended from 15 minutes before the start to the end, and only then', async () => {
    const session = await sessionAt('2026-10-03T09:00:00Z');
    const learner = await bookedLearner(session.id);
    const code = await codeOf(session.id);

    t.clock.set('2026-10-03T08:44:59Z');
    const early = await checkIn(session.id, learner, code).expect(422);
    expect(early.body.type).toBe('urn:training-tracker:problem:check-in-closed');

    t.clock.set('2026-10-03T08:50:00Z');
    const res = await checkIn(session.id, learner, `${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`).expect(200);
    expect(res.body).toEqual({ sessionId: session.id, personId: learner.person.id, status: 'attended', recordedAt: '2026-10-03T08:50:00.000Z' });
    const record = await t.dataSource.getRepository(AttendanceRecord).findOneByOrFail({ sessionId: session.id, personId: learner.person.id });
    expect(record).toMatchObject({ status: 'attended', walkIn: false, recordedById: learner.person.id });
    const history = await t.dataSource.getRepository(AttendanceChange).findBy({ sessionId: session.id });
    expect(history).toEqual([expect.objectContaining({ oldStatus: null, newStatus: 'attended', source: 'check-in', changedById: learner.person.id })]);

    // Checking in twice changes nothing.
    await checkIn(session.id, learner, code).expect(200);
    expect(await t.dataSource.getRepository(AttendanceChange).countBy({ sessionId: session.id })).toBe(1);

    const late = await bookedLearner(session.id);
    t.clock.set('2026-10-03T11:00:01Z');
    await checkIn(session.id, late, code).expect(422);
  });

  it('turns an earlier "absent" into attended, and refuses people without a confirmed booking or a cancelled session', async () => {
    const session = await sessionAt('2026-10-04T09:00:00Z');
    const learner = await bookedLearner(session.id);
    const code = await codeOf(session.id);
    t.clock.set('2026-10-04T09:20:00Z');
    await t.http
      .put(`/api/sessions/${session.id}/attendance`)
      .set(trainer.auth)
      .send({ records: [{ personId: learner.person.id, status: 'absent' }] })
      .expect(200);
    await checkIn(session.id, learner, code).expect(200);
    const last = await t.dataSource.getRepository(AttendanceChange).find({ where: { sessionId: session.id, source: 'check-in' } });
    expect(last).toEqual([expect.objectContaining({ oldStatus: 'absent', newStatus: 'attended' })]);

    const unbooked = await makeSignedIn(t.dataSource, organisationId, ['learner']);
    const refused = await checkIn(session.id, unbooked, code).expect(422);
    expect(refused.body.type).toBe('urn:training-tracker:problem:no-confirmed-booking');
    expect(await t.dataSource.getRepository(AttendanceRecord).countBy({ sessionId: session.id, personId: unbooked.person.id })).toBe(0);

    const cancelled = await sessionAt('2026-10-04T09:00:00Z', { status: 'cancelled', checkInCode: 'ABCDEF' });
    const booked = await bookedLearner(cancelled.id);
    await checkIn(cancelled.id, booked, 'ABCDEF').expect(422);
    await checkIn('00000000-0000-4000-8000-00000000abcd', booked, 'ABCDEF').expect(404);
  });

  it("answers a wrong code (another session's too) with 422, and after five within ten minutes with 429 on every instance", async () => {
    const session = await sessionAt('2026-10-05T09:00:00Z');
    const otherSession = await sessionAt('2026-10-05T09:00:00Z');
    const learner = await bookedLearner(session.id);
    const bystander = await bookedLearner(session.id);
    const code = await codeOf(session.id);
    const otherCode = await codeOf(otherSession.id);
    expect(otherCode).not.toBe(code);
    t.clock.set('2026-10-05T09:05:00Z');

    const wrong = await checkIn(session.id, learner, otherCode).expect(422);
    expect(wrong.body).toMatchObject({ type: 'urn:training-tracker:problem:wrong-check-in-code', errors: [expect.objectContaining({ field: 'code' })] });
    for (let i = 0; i < 4; i++) await checkIn(session.id, learner, 'ZZZZZZ').expect(422);
    expect(await t.dataSource.getRepository(CheckInAttempt).countBy({ personId: learner.person.id })).toBe(5);

    const limited = await checkIn(session.id, learner, code).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await t.dataSource.getRepository(AttendanceRecord).countBy({ sessionId: session.id, personId: learner.person.id })).toBe(0);

    const second = await createTestApp({ databaseUrl: t.databaseUrl, now: '2026-10-05T09:06:00Z' });
    try {
      await checkIn(session.id, learner, code, second.http).expect(429);
      await checkIn(session.id, bystander, code, second.http).expect(200);
    } finally {
      await second.close();
    }

    t.clock.set('2026-10-05T09:15:01Z');
    await checkIn(session.id, learner, code).expect(200);
  });

  it('rejects a missing, non-text or overlong code with 400', async () => {
    const session = await sessionAt('2026-10-06T09:00:00Z');
    const learner = await bookedLearner(session.id);
    t.clock.set('2026-10-06T09:00:00Z');
    const missing = await t.http.post(`/api/sessions/${session.id}/check-in`).set(learner.auth).send({}).expect(400);
    expect(missing.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'code' })]));
    await checkIn(session.id, learner, 123 as unknown as string).expect(400);
    await checkIn(session.id, learner, 'A'.repeat(21)).expect(400);
    expect(await t.dataSource.getRepository(CheckInAttempt).countBy({ personId: learner.person.id })).toBe(0);
  });
});
