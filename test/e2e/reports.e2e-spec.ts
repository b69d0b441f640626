import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import type { AttendanceStatus } from '../../src/attendance/attendance-record.entity';
import { Booking, type BookingStatus } from '../../src/bookings/booking.entity';
import { Person, Role } from '../../src/people/person.entity';
import { makeCourse, makeOrganisation, makePerson, makeSession, makeSignedIn, signIn } from '../factories';
import { makeAttendance, makeConfirmedBooking } from '../factories/attendance';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

/*
 * One data set, declared below, and a reference model that computes every expected figure from
 * it with plain array work (London months via Intl, not the service's code). Literal figures for
 * organisation A are worked out by hand in the comments, so the model is checked too.
 */

type Org = 'A' | 'B' | 'C';
type CourseKey = 'searching' | 'appraisal';

interface PersonFixture {
  key: string;
  org: Org;
  team: string | null;
  roles?: Role[];
  name?: string;
  active?: boolean;
  erased?: boolean;
}

interface SessionFixture {
  key: string;
  course: CourseKey;
  startsAt: string;
  cancelled?: boolean;
}

interface RecordFixture {
  person: string;
  session: string;
  status: AttendanceStatus;
  walkIn?: boolean;
}

const SESSIONS: SessionFixture[] = [
  { key: 'dec', course: 'searching', startsAt: '2025-12-01T10:00:00Z' }, // before the range
  { key: 'jan', course: 'searching', startsAt: '2026-01-31T23:30:00Z' }, // London (GMT): 31 January
  { key: 'feb', course: 'searching', startsAt: '2026-02-10T10:00:00Z' },
  { key: 'febCancelled', course: 'searching', startsAt: '2026-02-20T10:00:00Z', cancelled: true },
  { key: 'mayStaff', course: 'searching', startsAt: '2026-05-12T09:00:00Z' }, // only a manager attended
  { key: 'marLate', course: 'appraisal', startsAt: '2026-03-31T22:30:00Z' }, // London (BST): 31 March, 23:30
  { key: 'aprEarly', course: 'appraisal', startsAt: '2026-03-31T23:30:00Z' }, // London (BST): 1 April, 00:30
  { key: 'june30', course: 'appraisal', startsAt: '2026-06-30T22:30:00Z' }, // London: 30 June, 23:30, inside to=2026-06-30
  { key: 'july1', course: 'appraisal', startsAt: '2026-06-30T23:30:00Z' }, // London: 1 July, 00:30, outside
];

const GAELIC = 'Seonaidh Mac Giolla Bhrìghde';
const FORMULA_NAME = '=HYPERLINK("http://evil.example","x")';
const BULK_PEOPLE = 2005; // more than two export batches
const BULK_ERASED = 3;

const PEOPLE: PersonFixture[] = [
  { key: 'a1', org: 'A', team: 'Adults' },
  { key: 'a2', org: 'A', team: 'Adults' },
  { key: 'a3', org: 'A', team: 'Children' },
  { key: 'a4', org: 'A', team: 'Children' },
  { key: 'a5', org: 'A', team: null, erased: true },
  { key: 'a6', org: 'A', team: 'Adults', active: false },
  { key: 'a8', org: 'A', team: 'Adults' },
  { key: 'a9', org: 'A', team: 'Children' },
  { key: 'a10', org: 'A', team: 'Children', roles: ['learner', 'trainer'] },
  { key: 'managerA', org: 'A', team: 'Adults', roles: ['manager'] },
  { key: 'b1', org: 'B', team: 'Adults' },
  { key: 'b2', org: 'B', team: null, name: FORMULA_NAME },
  { key: 'b3', org: 'B', team: '-Ward 3', name: GAELIC },
];

const RECORDS: RecordFixture[] = [
  { person: 'a1', session: 'dec', status: 'attended' },
  { person: 'a1', session: 'jan', status: 'attended' },
  { person: 'a1', session: 'feb', status: 'attended' }, // a second attendance: still one trained person
  { person: 'a2', session: 'jan', status: 'absent' },
  { person: 'a2', session: 'feb', status: 'excused' },
  { person: 'a3', session: 'aprEarly', status: 'attended', walkIn: true },
  { person: 'a4', session: 'dec', status: 'attended' },
  { person: 'a4', session: 'july1', status: 'attended' },
  { person: 'a5', session: 'marLate', status: 'attended' },
  { person: 'a6', session: 'jan', status: 'attended' }, // inactive: outside the cohort
  { person: 'managerA', session: 'feb', status: 'attended' }, // not a learner: outside the cohort
  { person: 'managerA', session: 'mayStaff', status: 'attended' }, // ...but the session still counts as held
  { person: 'a9', session: 'febCancelled', status: 'attended' }, // cancelled session: never counts
  { person: 'a10', session: 'aprEarly', status: 'attended' },
  { person: 'a10', session: 'june30', status: 'absent' },
  { person: 'b1', session: 'jan', status: 'attended' },
  { person: 'b1', session: 'aprEarly', status: 'absent' },
  { person: 'b3', session: 'feb', status: 'attended' },
  { person: 'b3', session: 'june30', status: 'attended', walkIn: true },
];

const RANGE = { from: '2026-01-01', to: '2026-06-30' };
const RANGE_FROM = new Date('2026-01-01T00:00:00.000Z');
const RANGE_TO = new Date('2026-06-30T22:59:59.999Z'); // end of 30 June in London (BST)

// ---- the reference model ------------------------------------------------------------------

interface ModelPerson extends PersonFixture {
  id: string;
  organisationId: string;
}

interface ModelScope {
  org?: Org;
  from?: Date;
  to?: Date;
  course?: CourseKey;
}

const LONDON_MONTH = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });
function londonMonth(iso: string): string {
  const parts = Object.fromEntries(LONDON_MONTH.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}`;
}

const percent = (trained: number, cohort: number) => (cohort === 0 ? 0 : Math.round((trained / cohort) * 1000) / 10);

function model(people: ModelPerson[], scope: ModelScope) {
  const sessionOf = (key: string) => SESSIONS.find((s) => s.key === key)!;
  const cohort = people.filter((p) => p.active !== false && (p.roles ?? ['learner']).includes('learner') && (!scope.org || p.org === scope.org));
  const members = new Map(cohort.map((p) => [p.key, p]));
  const inCountedSession = (r: RecordFixture) => {
    const session = sessionOf(r.session);
    const startsAt = new Date(session.startsAt);
    return !session.cancelled && (!scope.from || startsAt >= scope.from) && (!scope.to || startsAt <= scope.to) && (!scope.course || session.course === scope.course);
  };
  const counted = RECORDS.filter((r) => members.has(r.person) && inCountedSession(r));
  // Sessions: counted ones with a record of anyone in the organisation scope, learner or not.
  const inScope = (r: RecordFixture) => !scope.org || people.find((p) => p.key === r.person)!.org === scope.org;
  const sessionsHeld = new Set(RECORDS.filter((r) => inScope(r) && inCountedSession(r)).map((r) => r.session)).size;
  const measure = (records: RecordFixture[], cohortSize: number) => {
    const trained = new Set(records.filter((r) => r.status === 'attended').map((r) => r.person)).size;
    return {
      cohort: cohortSize,
      trained,
      percentTrained: percent(trained, cohortSize),
      sessions: sessionsHeld,
      attendances: records.filter((r) => r.status === 'attended').length,
      noShows: records.filter((r) => r.status === 'absent').length,
    };
  };
  const groups = (keyOf: (r: RecordFixture) => string) => {
    const byKey = new Map<string, RecordFixture[]>();
    for (const r of counted) byKey.set(keyOf(r), [...(byKey.get(keyOf(r)) ?? []), r]);
    return byKey;
  };
  const cohortGroups = (keyOf: (p: ModelPerson) => string) => {
    const byKey = new Map<string, number>();
    for (const p of cohort) byKey.set(keyOf(p), (byKey.get(keyOf(p)) ?? 0) + 1);
    return byKey;
  };
  const orgKey = (p: ModelPerson) => p.organisationId;
  const teamKey = (p: ModelPerson) => `${p.organisationId}/${p.team ?? ''}`;
  const attended = counted.filter((r) => r.status === 'attended');
  // Rows carry every measure but sessions, which only the totals have.
  const row = (records: RecordFixture[], cohortSize: number) => {
    const { sessions: _sessions, ...rest } = measure(records, cohortSize);
    return rest;
  };
  return {
    totals: measure(counted, cohort.length),
    byOrganisation: new Map([...cohortGroups(orgKey)].map(([key, size]) => [key, row(counted.filter((r) => orgKey(members.get(r.person)!) === key), size)])),
    byTeam: new Map([...cohortGroups(teamKey)].map(([key, size]) => [key, row(counted.filter((r) => teamKey(members.get(r.person)!) === key), size)])),
    byCourse: new Map([...groups((r) => sessionOf(r.session).course)].map(([key, records]) => [key, row(records, cohort.length)])),
    byMonth: new Map([...groups((r) => londonMonth(sessionOf(r.session).startsAt))].map(([key, records]) => [key, row(records, cohort.length)])),
    people: cohort.map((p) => {
      const mineRecords = attended.filter((r) => r.person === p.key);
      const mine = mineRecords.map((r) => sessionOf(r.session).startsAt);
      return {
        personId: p.id,
        name: p.erased ? null : (p.name ?? `Person ${p.key}`),
        trained: mine.length > 0,
        sessionsAttended: mine.length,
        walkIns: mineRecords.filter((r) => r.walkIn).length,
        lastAttendedAt: mine.length ? new Date(Math.max(...mine.map((s) => Date.parse(s)))).toISOString() : null,
      };
    }),
  };
}

function csvBody(res: Response): Buffer {
  return res.body as Buffer;
}

// ---- the tests ----------------------------------------------------------------------------

describe(`training reports (${testDialect()})`, () => {
  let t: TestApp;
  const orgIds = {} as Record<Org, string>;
  const courseIds = {} as Record<CourseKey, string>;
  let people: ModelPerson[];
  let admin: { Authorization: string };
  let managerA: { Authorization: string };
  let managerB: { Authorization: string };
  let learnerA1: { Authorization: string };

  const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  };
  const get = (path: string, auth: { Authorization: string }) => t.http.get(path).set(auth);
  const getCsv = (path: string, auth: { Authorization: string }) => t.http.get(path).set(auth).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-07-15T09:00:00Z' });
    const db = t.dataSource;
    orgIds.A = (await makeOrganisation(db, { name: 'Ayrshire North' })).id;
    orgIds.B = (await makeOrganisation(db, { name: 'Ayrshire South' })).id;
    orgIds.C = (await makeOrganisation(db, { name: 'Bulk Partnership' })).id;
    courseIds.searching = (await makeCourse(db, { title: 'Literature searching', cpdHours: 1.5 })).id;
    courseIds.appraisal = (await makeCourse(db, { title: 'Critical appraisal', cpdHours: null })).id;
    const sessionIds = new Map<string, string>();
    for (const s of SESSIONS) {
      const session = await makeSession(db, {
        courseId: courseIds[s.course],
        startsAt: new Date(s.startsAt),
        status: s.cancelled ? 'cancelled' : 'scheduled',
        capacity: 50,
      });
      sessionIds.set(s.key, session.id);
    }

    people = [];
    const persons = new Map<string, Person>();
    for (const p of PEOPLE) {
      const person = await makePerson(db, {
        organisationId: orgIds[p.org],
        team: p.team,
        roles: p.roles ?? ['learner'],
        active: p.active ?? true,
        name: p.erased ? null : (p.name ?? `Person ${p.key}`),
        ...(p.erased ? { email: null, emailKey: null, erasedAt: new Date('2026-05-01T00:00:00Z') } : {}),
      });
      persons.set(p.key, person);
      people.push({ ...p, id: person.id, organisationId: orgIds[p.org] });
    }
    const bulk = Array.from({ length: BULK_PEOPLE + BULK_ERASED }, (_, i) => {
      const erased = i >= BULK_PEOPLE;
      return {
        id: randomUUID(),
        name: erased ? null : `Bulk ${i}`,
        email: erased ? null : `bulk.${String(i).padStart(5, '0')}@example.test`,
        emailKey: erased ? null : `bulk.${String(i).padStart(5, '0')}@example.test`,
        organisationId: orgIds.C,
        team: 'Bulk',
        roles: ['learner'] as Role[],
        erasedAt: erased ? new Date('2026-05-01T00:00:00Z') : null,
        createdAt: new Date(),
        updatedAt: new Date(),
      };
    });
    // Taken before the insert: TypeORM writes generated values back into the objects it inserts.
    bulk.forEach((row, i) => people.push({ key: `bulk${i}`, org: 'C', team: 'Bulk', erased: i >= BULK_PEOPLE, name: `Bulk ${i}`, id: row.id, organisationId: orgIds.C }));
    for (let i = 0; i < bulk.length; i += 400) await db.getRepository(Person).insert(bulk.slice(i, i + 400));

    for (const r of RECORDS) {
      const sessionId = sessionIds.get(r.session)!;
      const personId = persons.get(r.person)!.id;
      const booking = r.walkIn ? null : await makeConfirmedBooking(db, sessionId, personId);
      await makeAttendance(db, { sessionId, personId, status: r.status, bookingId: booking?.id ?? null });
    }

    admin = (await makeSignedIn(db, orgIds.A, ['admin'])).auth;
    managerA = { Authorization: `Bearer ${await signIn(db, persons.get('managerA')!)}` };
    managerB = (await makeSignedIn(db, orgIds.B, ['manager'])).auth;
    learnerA1 = { Authorization: `Bearer ${await signIn(db, persons.get('a1')!)}` };
  });
  afterAll(() => t.close());

  const rowsAsMap = (rows: Array<{ key: string }>) => new Map(rows.map(({ key, ...rest }) => [key, rest]));
  const withoutLabels = (groups: Map<string, Record<string, unknown>>) => new Map([...groups].map(([key, { label: _label, ...rest }]) => [key, rest]));

  describe('GET /api/reports/training', () => {
    it('counts the cohort, trained people once, attendances and no-shows for an admin, by organisation', async () => {
      const res = await get(`/api/reports/training?from=${RANGE.from}&to=${RANGE.to}&groupBy=organisation`, admin).expect(200);
      const expected = model(people, { from: RANGE_FROM, to: RANGE_TO });
      expect(res.body).toMatchObject({ from: RANGE_FROM.toISOString(), to: RANGE_TO.toISOString(), groupBy: 'organisation', organisationId: null, courseId: null });
      expect(res.body.totals).toEqual(expected.totals);
      expect(withoutLabels(rowsAsMap(res.body.rows))).toEqual(expected.byOrganisation);
      expect(res.body.rows.map((r: { label: string }) => r.label)).toEqual(['Ayrshire North', 'Ayrshire South', 'Bulk Partnership']);
      // By hand, organisation A: cohort a1 a2 a3 a4 a5 a8 a9 a10 (a6 inactive, the manager no learner);
      // trained a1 (twice), a3 (walk-in), a5 (erased), a10; a4 only outside the range, a9 only in a cancelled session.
      expect(res.body.rows[0]).toEqual({ key: orgIds.A, label: 'Ayrshire North', cohort: 8, trained: 4, percentTrained: 50, attendances: 5, noShows: 2 });
    });

    it('groups by team within each organisation', async () => {
      const res = await get(`/api/reports/training?from=${RANGE.from}&to=${RANGE.to}&groupBy=team`, admin).expect(200);
      expect(withoutLabels(rowsAsMap(res.body.rows))).toEqual(model(people, { from: RANGE_FROM, to: RANGE_TO }).byTeam);
      expect(res.body.rows.find((r: { key: string }) => r.key === `${orgIds.A}/`)).toMatchObject({ label: 'Ayrshire North / No team', cohort: 1, trained: 1 });
    });

    it("groups by course with the scope's cohort on every row", async () => {
      const res = await get(`/api/reports/training?from=${RANGE.from}&to=${RANGE.to}&groupBy=course`, managerA).expect(200);
      const expected = model(people, { org: 'A', from: RANGE_FROM, to: RANGE_TO });
      expect(res.body.rows.map((r: { label: string }) => r.label)).toEqual(['Critical appraisal', 'Literature searching']);
      expect(withoutLabels(rowsAsMap(res.body.rows))).toEqual(new Map([...expected.byCourse].map(([course, m]) => [courseIds[course as CourseKey], m])));
      // The totals count each trained person once, whatever the grouping: a2 (absent, then excused) is not trained.
      expect(res.body.totals).toEqual(expected.totals);
      expect(res.body.totals).toEqual({ cohort: 8, trained: 4, percentTrained: 50, sessions: 6, attendances: 5, noShows: 2 });
    });

    it('groups by calendar month in Europe/London: 23:30 UTC on 31 March is April', async () => {
      const res = await get(`/api/reports/training?from=${RANGE.from}&to=${RANGE.to}&groupBy=month`, admin).expect(200);
      const expected = model(people, { from: RANGE_FROM, to: RANGE_TO });
      expect(res.body.rows.map((r: { key: string }) => r.key)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-06']);
      expect(withoutLabels(rowsAsMap(res.body.rows))).toEqual(expected.byMonth);
      expect(res.body.rows[2]).toMatchObject({ key: '2026-03', label: 'March 2026', attendances: 1 }); // a5 at 23:30 BST
      expect(res.body.rows[3]).toMatchObject({ key: '2026-04', label: 'April 2026', attendances: 2, noShows: 1 });
      expect(res.body.totals).toEqual(expected.totals);
      const byOrganisation = await get(`/api/reports/training?from=${RANGE.from}&to=${RANGE.to}&groupBy=organisation`, admin).expect(200);
      expect(res.body.totals).toEqual(byOrganisation.body.totals);
    });

    it('without a range covers all time, and filters by course', async () => {
      const all = await get('/api/reports/training', admin).expect(200);
      expect(all.body).toMatchObject({ from: null, to: null, groupBy: 'organisation' });
      expect(all.body.totals).toEqual(model(people, {}).totals);

      const course = await get(`/api/reports/training?courseId=${courseIds.appraisal}&organisationId=${orgIds.A}`, admin).expect(200);
      expect(course.body.totals).toEqual(model(people, { org: 'A', course: 'appraisal' }).totals);
      expect(course.body.courseId).toBe(courseIds.appraisal);
    });

    it("keeps managers to their own organisation: another one is 404, as is an unknown organisation or course", async () => {
      const own = await get(`/api/reports/training?from=${RANGE.from}&to=${RANGE.to}`, managerA).expect(200);
      expect(own.body.organisationId).toBe(orgIds.A);
      // Sessions: jan, feb, marLate, aprEarly, june30 with cohort records, and mayStaff with the manager's.
      expect(own.body.totals).toEqual({ cohort: 8, trained: 4, percentTrained: 50, sessions: 6, attendances: 5, noShows: 2 });
      expect(own.body.rows.map((r: { key: string }) => r.key)).toEqual([orgIds.A]);
      await get(`/api/reports/training?organisationId=${orgIds.A}`, managerA).expect(200);
      const other = await get(`/api/reports/training?organisationId=${orgIds.A}`, managerB).expect(404);
      expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
      await get(`/api/reports/training/people?organisationId=${orgIds.A}`, managerB).expect(404);
      await get('/api/reports/training?organisationId=00000000-0000-4000-8000-0000000000aa', admin).expect(404);
      await get('/api/reports/training?courseId=00000000-0000-4000-8000-0000000000aa', admin).expect(404);
      const bScope = await get('/api/reports/training', managerB).expect(200);
      expect(bScope.body.totals).toEqual(model(people, { org: 'B' }).totals);
    });

    it('answers bad input with 400 naming the field', async () => {
      const fieldsOf = async (query: string) => (await get(`/api/reports/training?${query}`, admin).expect(400)).body.errors.map((e: { field: string }) => e.field);
      expect(await fieldsOf('from=2026-05-01&to=2026-04-01')).toEqual(['from']);
      expect(await fieldsOf('from=01/05/2026')).toEqual(['from']);
      expect(await fieldsOf('to=2026-02-30')).toEqual(['to']);
      expect(await fieldsOf('from=2026-03-01T10:00')).toEqual(['from']);
      expect(await fieldsOf('groupBy=week')).toEqual(['groupBy']);
      expect(await fieldsOf('courseId=42')).toEqual(['courseId']);
      expect(await fieldsOf('format=xlsx')).toEqual(['format']);
      expect(await fieldsOf('colour=blue')).toEqual(['colour']);
      expect(await fieldsOf('from=2026-05-01&to=2026-04-01&format=csv')).toEqual(['from']);
      await get('/api/reports/training', learnerA1).expect(403);
    });

    it('exports CSV on format=csv or Accept: text/csv, with a BOM, a header and a Total line', async () => {
      const res = await getCsv(`/api/reports/training?from=${RANGE.from}&to=${RANGE.to}&groupBy=team&format=csv`, admin).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="training-report-team-2026-07-15.csv"');
      const body = csvBody(res);
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(body.subarray(3).toString('utf8'), { columns: true }) as Array<Record<string, string>>;
      const expected = model(people, { from: RANGE_FROM, to: RANGE_TO });
      const { sessions: _sessions, ...totals } = expected.totals;
      expect(rows.at(-1)).toEqual({
        Team: 'Total',
        Cohort: String(totals.cohort),
        Trained: String(totals.trained),
        'Percent trained': String(totals.percentTrained),
        Attendances: String(totals.attendances),
        'No-shows': String(totals.noShows),
        'Team key (organisation ID/team)': '',
      });
      expect(rows.find((r) => r['Team key (organisation ID/team)'] === `${orgIds.B}/-Ward 3`)?.Team).toBe('Ayrshire South / -Ward 3');

      const negotiated = await getCsv(`/api/reports/training?from=${RANGE.from}&to=${RANGE.to}`, admin).set('Accept', 'text/csv').expect(200);
      expect(negotiated.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = csvBody(negotiated).toString('utf8').trimEnd().split('\n');
      expect(lines[0]).toBe('\ufeffOrganisation,Cohort,Trained,Percent trained,Attendances,No-shows,Organisation ID');
      expect(lines[1]).toMatch(/^Ayrshire North,8,/);
      expect(lines).toHaveLength(1 + 3 + 1);
    });
  });

  describe('GET /api/reports/training/people', () => {
    type Row = { personId: string; name: string | null; trained: boolean; sessionsAttended: number; walkIns: number; lastAttendedAt: string | null };
    const essentials = (rows: Row[]) =>
      rows
        .map(({ personId, name, trained, sessionsAttended, walkIns, lastAttendedAt }) => ({ personId, name, trained, sessionsAttended, walkIns, lastAttendedAt }))
        .sort((a, b) => a.personId.localeCompare(b.personId));

    it("lists each cohort member of a manager's organisation with trained, sessions attended and last attended", async () => {
      const res = await get(`/api/reports/training/people?from=${RANGE.from}&to=${RANGE.to}`, managerA).expect(200);
      const expected = model(people, { org: 'A', from: RANGE_FROM, to: RANGE_TO }).people;
      expect(res.body.total).toBe(8);
      expect(essentials(res.body.items)).toEqual(essentials(expected));
      const a1 = res.body.items.find((i: Row) => i.personId === people.find((p) => p.key === 'a1')!.id);
      expect(a1).toMatchObject({ name: 'Person a1', organisation: 'Ayrshire North', team: 'Adults', trained: true, sessionsAttended: 2, walkIns: 0, lastAttendedAt: '2026-02-10T10:00:00.000Z' });
      // a3 was trained only as a walk-in: the row says so.
      const a3 = res.body.items.find((i: Row) => i.personId === people.find((p) => p.key === 'a3')!.id);
      expect(a3).toMatchObject({ trained: true, sessionsAttended: 1, walkIns: 1 });
      expect(res.body.items.at(-1)).toMatchObject({ personId: people.find((p) => p.key === 'a5')!.id, name: null, email: null, trained: true });
    });

    it('pages the JSON and filters who is not yet trained', async () => {
      const first = await get(`/api/reports/training/people?organisationId=${orgIds.A}&limit=5`, admin).expect(200);
      const second = await get(`/api/reports/training/people?organisationId=${orgIds.A}&limit=5&offset=5`, admin).expect(200);
      expect(first.body.items).toHaveLength(5);
      expect(second.body.items).toHaveLength(3);
      expect(essentials([...first.body.items, ...second.body.items])).toEqual(essentials(model(people, { org: 'A' }).people));

      const untrained = await get(`/api/reports/training/people?organisationId=${orgIds.A}&from=${RANGE.from}&to=${RANGE.to}&trained=false`, admin).expect(200);
      const expected = model(people, { org: 'A', from: RANGE_FROM, to: RANGE_TO }).people.filter((p) => !p.trained);
      expect(essentials(untrained.body.items)).toEqual(essentials(expected));
      expect(untrained.body.total).toBe(4); // a2 (absent, excused), a4 (only outside the range), a8 (nothing), a9 (cancelled session)

      await get('/api/reports/training/people?limit=501', admin).expect(400);
      await get('/api/reports/training/people?trained=maybe', admin).expect(400);
    });

    it('streams every row as CSV across export batches, erased people anonymous, with BOM and neutralised cells', async () => {
      const res = await getCsv(`/api/reports/training/people?from=${RANGE.from}&to=${RANGE.to}`, admin).set('Accept', 'text/csv').expect(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="training-people-2026-07-15.csv"');
      const body = csvBody(res);
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = body.subarray(3).toString('utf8');
      expect(text.split('\n')[0]).toBe(
        'Name,E-mail,Organisation,Team,Trained,Sessions attended,Walk-ins,Last attended (UTC),Next booking: course,' +
          'Next booking: starts (UTC),Next booking: status,Person ID,Organisation ID,Next booking: session ID',
      );
      const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
      const expected = model(people, { from: RANGE_FROM, to: RANGE_TO }).people;
      expect(rows).toHaveLength(expected.length);
      expect(new Set(rows.map((r) => r['Person ID'])).size).toBe(expected.length);
      expect(
        rows
          .map((r) => ({
            personId: r['Person ID'],
            name: r.Name === '' ? null : r.Name,
            trained: r.Trained === 'yes',
            sessionsAttended: Number(r['Sessions attended']),
            walkIns: Number(r['Walk-ins']),
            lastAttendedAt: r['Last attended (UTC)'] || null,
          }))
          .sort((a, b) => a.personId.localeCompare(b.personId)),
      ).toEqual(essentials(expected.map((p) => (p.name === FORMULA_NAME ? { ...p, name: `'${FORMULA_NAME}` } : p))));
      const b3 = rows.find((r) => r['Person ID'] === people.find((p) => p.key === 'b3')!.id)!;
      expect(b3).toMatchObject({ Name: GAELIC, Team: "'-Ward 3", Trained: 'yes', 'Sessions attended': '2', 'Walk-ins': '1', 'Next booking: course': '' });
      // Erased people come last, with neither name nor address.
      expect(rows.slice(-(BULK_ERASED + 1)).every((r) => r.Name === '' && r['E-mail'] === '')).toBe(true);
      expect(body.toString('utf8')).toContain(GAELIC);
    });

    describe('next booking', () => {
      const ids = {} as Record<'soon' | 'aug' | 'sep' | 'started', string>;
      const personId = (key: string) => people.find((p) => p.key === key)!.id;
      const row = (res: Response, key: string) => (res.body.items as Array<{ personId: string }>).find((i) => i.personId === personId(key));

      beforeAll(async () => {
        const db = t.dataSource;
        const session = async (course: CourseKey, startsAt: string) =>
          (await makeSession(db, { courseId: courseIds[course], startsAt: new Date(startsAt), capacity: 50 })).id;
        ids.started = await session('searching', '2026-07-15T08:30:00Z'); // under way at the report's now
        ids.soon = await session('searching', '2026-07-20T09:00:00Z');
        ids.aug = await session('searching', '2026-08-10T09:00:00Z');
        ids.sep = await session('appraisal', '2026-09-01T09:00:00Z');
        const book = (sessionId: string, key: string, status: BookingStatus) =>
          db.getRepository(Booking).save({
            sessionId,
            personId: personId(key),
            status,
            waitlistRank: status === 'waitlisted' ? 1 : null,
            bookedById: personId(key),
            createdAt: new Date('2026-07-01T09:00:00Z'),
            confirmedAt: status === 'confirmed' ? new Date('2026-07-01T09:00:00Z') : null,
            cancelledAt: status === 'cancelled' ? new Date('2026-07-02T09:00:00Z') : null,
          });
        await book(ids.sep, 'a1', 'confirmed');
        await book(ids.aug, 'a1', 'waitlisted');
        await book(ids.soon, 'a2', 'cancelled');
        await book(ids.sep, 'a2', 'confirmed');
        await book(ids.started, 'a8', 'confirmed');
        await book(ids.soon, 'b1', 'confirmed');
      });

      it('is the soonest scheduled session still to start with a confirmed or waitlisted place, or null', async () => {
        const a = await get(`/api/reports/training/people?organisationId=${orgIds.A}`, admin).expect(200);
        expect(row(a, 'a1')).toMatchObject({ nextBooking: { sessionId: ids.aug, courseTitle: 'Literature searching', startsAt: '2026-08-10T09:00:00.000Z', status: 'waitlisted' } });
        expect(row(a, 'a2')).toMatchObject({ nextBooking: { sessionId: ids.sep, courseTitle: 'Critical appraisal', startsAt: '2026-09-01T09:00:00.000Z', status: 'confirmed' } });
        expect(row(a, 'a8')).toMatchObject({ nextBooking: null });
        const b = await get('/api/reports/training/people', managerB).expect(200);
        expect(row(b, 'b1')).toMatchObject({ nextBooking: { sessionId: ids.soon, courseTitle: 'Literature searching', startsAt: '2026-07-20T09:00:00.000Z', status: 'confirmed' } });
        // The range bounds what counts as attended, not the booking to come.
        const ranged = await get(`/api/reports/training/people?organisationId=${orgIds.A}&from=${RANGE.from}&to=${RANGE.to}`, admin).expect(200);
        expect(row(ranged, 'a1')).toMatchObject({ nextBooking: { sessionId: ids.aug } });
      });

      it("follows the report's course", async () => {
        const res = await get(`/api/reports/training/people?organisationId=${orgIds.A}&courseId=${courseIds.appraisal}`, admin).expect(200);
        expect(row(res, 'a1')).toMatchObject({ nextBooking: { sessionId: ids.sep, courseTitle: 'Critical appraisal', status: 'confirmed' } });
        const searching = await get(`/api/reports/training/people?organisationId=${orgIds.A}&courseId=${courseIds.searching}`, admin).expect(200);
        expect(row(searching, 'a2')).toMatchObject({ nextBooking: null });
      });

      it('is in the CSV, in columns of its own', async () => {
        const res = await getCsv(`/api/reports/training/people?organisationId=${orgIds.A}&format=csv`, managerA).expect(200);
        const rows = parse(csvBody(res).subarray(3).toString('utf8'), { columns: true }) as Array<Record<string, string>>;
        const next = (key: string) => {
          const r = rows.find((candidate) => candidate['Person ID'] === personId(key))!;
          return [r['Next booking: course'], r['Next booking: starts (UTC)'], r['Next booking: status'], r['Next booking: session ID']];
        };
        expect(next('a1')).toEqual(['Literature searching', '2026-08-10T09:00:00.000Z', 'waitlisted', ids.aug]);
        expect(next('a2')).toEqual(['Critical appraisal', '2026-09-01T09:00:00.000Z', 'confirmed', ids.sep]);
        expect(next('a8')).toEqual(['', '', '', '']);
      });
    });
  });
});
