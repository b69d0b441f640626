import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import { makeCourse, makeOrganisation, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { makeAttendance, makeConfirmedBooking } from '../factories/attendance';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

describe(`GET /api/people/me/training (${testDialect()})`, () => {
  let t: TestApp;
  let learner: SignedInPerson;
  let colleague: SignedInPerson;
  const sessionIds: Record<string, string> = {};
  const courseIds: Record<string, string> = {};

  const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  };

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-07-15T09:00:00Z' });
    const db = t.dataSource;
    const organisationId = (await makeOrganisation(db)).id;
    learner = await makeSignedIn(db, organisationId, ['learner']);
    colleague = await makeSignedIn(db, organisationId, ['learner', 'trainer']);
    courseIds.searching = (await makeCourse(db, { title: 'Literature searching', cpdHours: 1.5 })).id;
    courseIds.appraisal = (await makeCourse(db, { title: '=Critical appraisal', cpdHours: 0.1 })).id;
    courseIds.induction = (await makeCourse(db, { title: 'Library induction', cpdHours: null })).id;
    const sessions: Array<[string, string, string, Partial<{ status: 'cancelled'; timezone: string }>]> = [
      ['searching', 'searching', '2026-01-31T23:30:00Z', {}], // 31 January in London
      ['appraisal', 'appraisal', '2026-03-31T23:30:00Z', {}], // 1 April in London (BST)
      ['appraisal2', 'appraisal', '2026-05-05T09:00:00Z', {}],
      ['induction', 'induction', '2026-06-01T09:00:00Z', {}],
      ['absent', 'searching', '2026-02-01T09:00:00Z', {}],
      ['cancelled', 'searching', '2026-02-20T09:00:00Z', { status: 'cancelled' }],
      ['toronto', 'appraisal', '2026-06-10T02:00:00Z', { timezone: 'America/Toronto' }], // 9 June in Toronto
    ];
    for (const [key, course, startsAt, extra] of sessions) {
      sessionIds[key] = (await makeSession(db, { courseId: courseIds[course], startsAt: new Date(startsAt), ...extra })).id;
    }
    for (const key of ['searching', 'appraisal', 'appraisal2', 'induction', 'cancelled', 'toronto']) {
      const booking = await makeConfirmedBooking(db, sessionIds[key], learner.person.id);
      await makeAttendance(db, { sessionId: sessionIds[key], personId: learner.person.id, status: 'attended', bookingId: booking.id });
    }
    await makeAttendance(db, { sessionId: sessionIds.absent, personId: learner.person.id, status: 'absent' });
    await makeAttendance(db, { sessionId: sessionIds.induction, personId: colleague.person.id, status: 'attended' });
  });
  afterAll(() => t.close());

  it("lists the caller's attended sessions, oldest first, with course, local date and CPD hours, and totals", async () => {
    const res = await t.http.get('/api/people/me/training').set(learner.auth).expect(200);
    expect(res.body.items).toEqual([
      { sessionId: sessionIds.searching, courseId: courseIds.searching, courseTitle: 'Literature searching', startsAt: '2026-01-31T23:30:00.000Z', endsAt: '2026-02-01T01:30:00.000Z', date: '2026-01-31', cpdHours: 1.5 },
      { sessionId: sessionIds.appraisal, courseId: courseIds.appraisal, courseTitle: '=Critical appraisal', startsAt: '2026-03-31T23:30:00.000Z', endsAt: '2026-04-01T01:30:00.000Z', date: '2026-04-01', cpdHours: 0.1 },
      expect.objectContaining({ sessionId: sessionIds.appraisal2, cpdHours: 0.1 }),
      expect.objectContaining({ sessionId: sessionIds.induction, courseTitle: 'Library induction', cpdHours: null }),
      expect.objectContaining({ sessionId: sessionIds.toronto, date: '2026-06-09' }),
    ]);
    // 1.5 + 0.1 + 0.1 + none + 0.1; the absence and the cancelled session do not count.
    expect(res.body.totals).toEqual({ sessionsAttended: 5, cpdHours: 1.8 });
    expect(res.body.total).toBe(5);

    const other = await t.http.get('/api/people/me/training').set(colleague.auth).expect(200);
    expect(other.body).toEqual({ items: [expect.objectContaining({ sessionId: sessionIds.induction })], total: 1, totals: { sessionsAttended: 1, cpdHours: 0 } });
  });

  it('narrows to a date range and refuses a bad one', async () => {
    const res = await t.http.get('/api/people/me/training?from=2026-04-01&to=2026-05-31').set(learner.auth).expect(200);
    expect(res.body.items.map((i: { sessionId: string }) => i.sessionId)).toEqual([sessionIds.appraisal, sessionIds.appraisal2]);
    const bad = await t.http.get('/api/people/me/training?from=2026-06-01&to=2026-05-01').set(learner.auth).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    await t.http.get('/api/people/me/training?to=soon').set(learner.auth).expect(400);
    await t.http.get('/api/people/me/training').expect(401);
  });

  it('downloads as CSV with a BOM and neutralised cells', async () => {
    const res = await t.http.get('/api/people/me/training?format=csv').set(learner.auth).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="my-training-2026-07-15.csv"');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(body.subarray(3).toString('utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual({
      date: '2026-04-01',
      course: "'=Critical appraisal",
      cpdHours: '0.1',
      startsAt: '2026-03-31T23:30:00.000Z',
      endsAt: '2026-04-01T01:30:00.000Z',
      sessionId: sessionIds.appraisal,
    });
    expect(rows[3].cpdHours).toBe('');
  });
});
