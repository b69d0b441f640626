import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Person } from '../../src/people/person.entity';
import { createDataSource, dataSourceOptions } from '../../src/database/data-source-options';
import { makeCourse, makeOrganisation, makePerson, makeSession, makeSignedIn } from '../factories';
import { makeAttendance } from '../factories/attendance';
import { sql } from '../support/database-before';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, testDialect } from '../support/test-database';

/*
 * The training report reads attendance_fact, a copy of each record with its person's and
 * session's report columns that database triggers keep in step. Here things change through the
 * API (and once by plain SQL); after each change every fact must equal the one derived afresh
 * from its record, person and session, and the report must equal what this test counts itself
 * from those source rows (London months via Intl, not the service's code).
 */

interface SourceRow {
  recordId: string;
  personId: string;
  sessionId: string;
  status: string;
  organisationId: string;
  team: string | null;
  active: unknown;
  roles: string;
  courseId: string;
  startsAt: unknown;
  sessionStatus: string;
}

const LONDON_MONTH = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });
const londonMonth = (instant: Date) => {
  const parts = Object.fromEntries(LONDON_MONTH.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}`;
};
/** SQLite gives '2026-03-10 10:00:00.000' (UTC) and 1/0; PostgreSQL gives Dates and booleans. */
const instant = (value: unknown) => (value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`));
const bool = (value: unknown) => value === true || value === 1;

describe(`report facts follow every change (${testDialect()})`, () => {
  let t: TestApp;
  let admin: { Authorization: string };
  const org = {} as Record<'A' | 'B', string>;
  const orgCodes = {} as Record<'A' | 'B', string>;
  const course = {} as Record<'searching' | 'appraisal', string>;
  const session = {} as Record<'march' | 'may', string>;
  const people = {} as Record<'l1' | 'l2' | 'l3' | 'l4' | 'l5', Person>;

  const query = <T>(sql: string, parameters: unknown[] = []) => t.dataSource.query(t.dataSource.options.type === 'postgres' ? sql : sql.replace(/\$\d+/g, '?'), parameters) as Promise<T[]>;

  const sources = () =>
    query<SourceRow>(
      `SELECT ar.id AS "recordId", ar."personId" AS "personId", ar."sessionId" AS "sessionId", ar.status AS status,
              p."organisationId" AS "organisationId", p.team AS team, p.active AS active, p.roles AS roles,
              s."courseId" AS "courseId", s."startsAt" AS "startsAt", s.status AS "sessionStatus"
       FROM attendance_record ar JOIN person p ON p.id = ar."personId" JOIN training_session s ON s.id = ar."sessionId"
       ORDER BY ar.id`,
    );

  /** Every fact equals the fact derived from its record, person and session now. */
  async function expectFactsMatchSources(): Promise<void> {
    const facts = await query<Record<string, unknown>>('SELECT * FROM attendance_fact ORDER BY "recordId"');
    const expected = (await sources()).map((r) => ({
      recordId: r.recordId,
      personId: r.personId,
      sessionId: r.sessionId,
      status: r.status,
      organisationId: r.organisationId,
      team: r.team,
      inCohort: bool(r.active) && r.roles.split(',').includes('learner'),
      courseId: r.courseId,
      startsAt: instant(r.startsAt).toISOString(),
      month: londonMonth(instant(r.startsAt)),
      counted: r.sessionStatus !== 'cancelled',
    }));
    expect(facts.map((f) => ({ ...f, inCohort: bool(f.inCohort), counted: bool(f.counted), startsAt: instant(f.startsAt).toISOString() }))).toEqual(expected);
  }

  /** The report's figures counted here from the source rows: by organisation and by London month. */
  async function expectedReport() {
    const rows = (await sources()).filter((r) => bool(r.active) && r.roles.split(',').includes('learner') && r.sessionStatus !== 'cancelled');
    const cohort = await query<{ organisationId: string; active: unknown; roles: string }>('SELECT "organisationId", active, roles FROM person');
    const members = cohort.filter((p) => bool(p.active) && p.roles.split(',').includes('learner'));
    const measure = (records: SourceRow[], cohortSize: number) => {
      const trained = new Set(records.filter((r) => r.status === 'attended').map((r) => r.personId)).size;
      return {
        cohort: cohortSize,
        trained,
        percentTrained: cohortSize === 0 ? 0 : Math.round((trained / cohortSize) * 1000) / 10,
        attendances: records.filter((r) => r.status === 'attended').length,
        noShows: records.filter((r) => r.status === 'absent').length,
      };
    };
    const months = [...new Set(rows.map((r) => londonMonth(instant(r.startsAt))))].sort();
    return {
      totals: measure(rows, members.length),
      byOrganisation: Object.fromEntries(
        [...new Set(members.map((p) => p.organisationId))].map((id) => [id, measure(rows.filter((r) => r.organisationId === id), members.filter((p) => p.organisationId === id).length)]),
      ),
      byMonth: months.map((month) => ({ key: month, ...measure(rows.filter((r) => londonMonth(instant(r.startsAt)) === month), members.length) })),
    };
  }

  async function report(groupBy: 'organisation' | 'month') {
    const res = await t.http.get(`/api/reports/training?groupBy=${groupBy}`).set(admin).expect(200);
    return res.body as { totals: Record<string, number>; rows: Array<{ key: string; label: string } & Record<string, number>> };
  }

  async function expectReportMatchesSources(): Promise<void> {
    await expectFactsMatchSources();
    const expected = await expectedReport();
    const byOrganisation = await report('organisation');
    const { sessions: _sessions, ...totals } = byOrganisation.totals;
    expect(totals).toEqual(expected.totals);
    expect(Object.fromEntries(byOrganisation.rows.map(({ key, label: _label, ...measures }) => [key, measures]))).toEqual(expected.byOrganisation);
    expect((await report('month')).rows.map(({ label: _label, ...row }) => row)).toEqual(expected.byMonth);
  }

  const mark = (sessionId: string, records: Array<[Person, string]>) =>
    t.http
      .put(`/api/sessions/${sessionId}/attendance`)
      .set(admin)
      .send({ records: records.map(([person, status]) => ({ personId: person.id, status })) })
      .expect(200);

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-07-15T09:00:00Z' });
    const db = t.dataSource;
    for (const [key, name] of [['A', 'Ayrshire North'], ['B', 'Ayrshire South']] as const) {
      const organisation = await makeOrganisation(db, { name });
      [org[key], orgCodes[key]] = [organisation.id, organisation.code];
    }
    course.searching = (await makeCourse(db, { title: 'Literature searching' })).id;
    course.appraisal = (await makeCourse(db, { title: 'Critical appraisal' })).id;
    admin = (await makeSignedIn(db, org.A, ['admin'])).auth;
    for (const key of ['l1', 'l2', 'l3', 'l4'] as const) people[key] = await makePerson(db, { organisationId: org.A, team: 'Adults' });
    people.l5 = await makePerson(db, { organisationId: org.B, team: 'Children' });
    session.march = (await makeSession(db, { courseId: course.searching, startsAt: new Date('2026-03-10T10:00:00Z') })).id;
    session.may = (await makeSession(db, { courseId: course.appraisal, startsAt: new Date('2026-05-12T09:00:00Z') })).id;
  });
  afterAll(() => t.close());

  it('a register adds one fact per record, matching its record, person and session', async () => {
    await mark(session.march, [
      [people.l1, 'attended'],
      [people.l2, 'attended'],
      [people.l3, 'absent'],
      [people.l5, 'attended'],
    ]);
    await mark(session.may, [
      [people.l1, 'attended'],
      [people.l4, 'excused'],
    ]);
    await expectReportMatchesSources();
    // By hand: March l1, l2, l5 attended, l3 absent; May l1 again and l4 excused.
    expect((await report('month')).rows).toEqual([
      { key: '2026-03', label: 'March 2026', cohort: 5, trained: 3, percentTrained: 60, attendances: 3, noShows: 1 },
      { key: '2026-05', label: 'May 2026', cohort: 5, trained: 1, percentTrained: 20, attendances: 1, noShows: 0 },
    ]);
  });

  it('a correction to the register changes the figures', async () => {
    await mark(session.march, [[people.l2, 'absent']]);
    await expectReportMatchesSources();
    expect((await report('organisation')).totals).toMatchObject({ trained: 2, attendances: 3, noShows: 2 });
  });

  it('a session moved to 23:30 UTC on 30 April (00:30 on 1 May in London) moves its records to May', async () => {
    await t.http.patch(`/api/sessions/${session.march}`).set(admin).send({ startsAt: '2026-04-30T23:30:00Z', endsAt: '2026-05-01T01:30:00Z' }).expect(200);
    await expectReportMatchesSources();
    expect((await report('month')).rows.map((r) => [r.key, r.trained, r.attendances])).toEqual([['2026-05', 2, 3]]);
  });

  it('a person who moves organisation or team, by hand or by CSV import, takes their training along', async () => {
    await t.http.patch(`/api/people/${people.l1.id}`).set(admin).send({ organisationId: org.B, team: 'Duty' }).expect(200);
    await expectReportMatchesSources();
    const rows = (await report('organisation')).rows;
    expect(rows.find((r) => r.key === org.A)).toMatchObject({ cohort: 3, trained: 0 });
    expect(rows.find((r) => r.key === org.B)).toMatchObject({ cohort: 2, trained: 2 });

    const csv = `name,email,organisation,team,jobTitle,newlyQualified\n${people.l2.name},${people.l2.email},${orgCodes.B},Imported,,false\n`;
    await t.http.post('/api/people/import').set(admin).set('Content-Type', 'text/csv').send(csv).expect(200, { created: 0, updated: 1, unchanged: 0 });
    await expectReportMatchesSources();
    expect((await query<{ team: string }>('SELECT team FROM attendance_fact WHERE "personId" = $1', [people.l2.id])).map((f) => f.team)).toEqual(['Imported']);
  });

  it('leaving the cohort (inactive, or no longer a learner) takes a person out of the figures; erasure does not', async () => {
    await t.http.patch(`/api/people/${people.l5.id}`).set(admin).send({ active: false }).expect(200);
    await t.http.patch(`/api/people/${people.l3.id}`).set(admin).send({ roles: ['trainer'] }).expect(200);
    await t.http.delete(`/api/people/${people.l1.id}`).set(admin).expect(204);
    await expectReportMatchesSources();
    expect((await report('organisation')).totals).toMatchObject({ cohort: 3, trained: 1, attendances: 2, noShows: 1 });

    await t.http.patch(`/api/people/${people.l5.id}`).set(admin).send({ active: true }).expect(200);
    await expectReportMatchesSources();
    expect((await report('organisation')).totals).toMatchObject({ cohort: 4, trained: 2 });
  });

  it('a cancelled session stops counting, and the facts follow a change made by plain SQL too', async () => {
    await t.http.post(`/api/sessions/${session.may}/cancel`).set(admin).send({}).expect(200);
    await expectReportMatchesSources();
    expect((await report('month')).rows.map((r) => [r.key, r.attendances])).toEqual([['2026-05', 2]]);

    await query(`UPDATE training_session SET status = 'scheduled', "courseId" = $1 WHERE id = $2`, [course.searching, session.may]);
    await expectReportMatchesSources();
    expect((await report('month')).rows.map((r) => [r.key, r.attendances])).toEqual([['2026-05', 3]]);
  });

  it('counts no team and an empty team as one "No team" row, adding both', async () => {
    const organisationId = (await makeOrganisation(t.dataSource, { name: 'Team-less' })).id;
    const noTeam = await makePerson(t.dataSource, { organisationId, team: null });
    const emptyTeam = await makePerson(t.dataSource, { organisationId, team: '' });
    await mark(session.may, [
      [noTeam, 'attended'],
      [emptyTeam, 'attended'],
    ]);
    const res = await t.http.get(`/api/reports/training?groupBy=team&organisationId=${organisationId}`).set(admin).expect(200);
    expect(res.body.rows).toEqual([{ key: `${organisationId}/`, label: 'Team-less / No team', cohort: 2, trained: 2, percentTrained: 100, attendances: 2, noShows: 0 }]);
    await expectReportMatchesSources();
  });

  it('the migration that adds the projection derives facts for the records already there', async () => {
    const database = await createTestDatabase();
    const options = dataSourceOptions(database.url);
    const migrationsBefore = (options.migrations as string[]).map((glob) => glob.replace('*.', '1795966491226-InitialSchema.'));
    const before = createDataSource({ ...options, migrations: migrationsBefore });
    const after = createDataSource(options);
    try {
      await before.initialize();
      await before.runMigrations();
      const organisationId = (await makeOrganisation(before)).id;
      // Written by hand: the entity has columns that later migrations add.
      const person = { id: randomUUID() };
      await before.query(
        sql(`INSERT INTO person (id, name, "organisationId", team, roles, "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7)`),
        [person.id, 'Before', organisationId, 'Adults', 'learner', '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000'],
      );
      const courseId = randomUUID();
      await before.query(sql(`INSERT INTO course (id, title, "createdAt", "updatedAt") VALUES ($1, $2, $3, $4)`), [courseId, 'Before', '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000']);
      const earlier = { id: randomUUID() };
      await before.query(
        sql(`INSERT INTO training_session (id, "courseId", "startsAt", "endsAt", capacity, "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, 10, $5, $6)`),
        [earlier.id, courseId, '2026-03-31 23:30:00.000', '2026-04-01 01:30:00.000', '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000'],
      );
      const record = await makeAttendance(before, { sessionId: earlier.id, personId: person.id, status: 'attended' });
      await before.destroy();

      await after.initialize();
      await after.runMigrations();
      const facts = (await after.query('SELECT * FROM attendance_fact')) as Array<Record<string, unknown>>;
      expect(facts.map((f) => ({ ...f, inCohort: bool(f.inCohort), counted: bool(f.counted), startsAt: instant(f.startsAt).toISOString() }))).toEqual([
        {
          recordId: record.id,
          personId: person.id,
          sessionId: earlier.id,
          status: 'attended',
          organisationId,
          team: 'Adults',
          inCohort: true,
          courseId,
          startsAt: '2026-03-31T23:30:00.000Z',
          month: '2026-04',
          counted: true,
        },
      ]);
    } finally {
      if (before.isInitialized) await before.destroy();
      if (after.isInitialized) await after.destroy();
      await database.drop();
    }
  });

  if (testDialect() === 'postgres') {
    /*
     * Two transactions on their own connections: one changes a person, the other writes a record
     * for them. Whichever goes first, the fact must end with the person's new team; without the
     * trigger's FOR SHARE the record would copy the old team while the change was uncommitted.
     */
    describe('a record written while its person changes', () => {
      const insertRecord = (personId: string) => (client: Client) =>
        client.query(
          `INSERT INTO attendance_record (id, "sessionId", "personId", status, "walkIn", "recordedAt") VALUES ($1, $2, $3, 'attended', true, now())`,
          [randomUUID(), session.may, personId],
        );
      const changeTeam = (personId: string) => (client: Client) => client.query(`UPDATE person SET team = 'After' WHERE id = $1`, [personId]);
      const factTeam = async (personId: string) => (await query<{ team: string }>('SELECT team FROM attendance_fact WHERE "personId" = $1', [personId])).map((f) => f.team);
      const settled = (promise: Promise<unknown>) => Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 300))]);

      /** `first` runs in an open transaction; `second`, in another, must wait until the first commits. */
      async function secondWaitsForFirst(first: (client: Client) => Promise<unknown>, second: (client: Client) => Promise<unknown>): Promise<void> {
        const clients = [new Client({ connectionString: t.databaseUrl }), new Client({ connectionString: t.databaseUrl })];
        const [one, two] = clients;
        try {
          await Promise.all(clients.map((client) => client.connect()));
          await one.query('BEGIN');
          await first(one);
          await two.query('BEGIN');
          const waiting = second(two);
          expect(await settled(waiting)).toBe(false);
          await one.query('COMMIT');
          await waiting;
          await two.query('COMMIT');
        } finally {
          await Promise.all(clients.map((client) => client.end()));
        }
      }

      it('waits for an uncommitted change of the person, then copies the new team', async () => {
        const person = await makePerson(t.dataSource, { organisationId: org.A, team: 'Before' });
        await secondWaitsForFirst(changeTeam(person.id), insertRecord(person.id));
        expect(await factTeam(person.id)).toEqual(['After']);
        await expectFactsMatchSources();
      });

      it('makes a change of the person wait for an uncommitted record, then updates its fact', async () => {
        const person = await makePerson(t.dataSource, { organisationId: org.A, team: 'Before' });
        await secondWaitsForFirst(insertRecord(person.id), changeTeam(person.id));
        expect(await factTeam(person.id)).toEqual(['After']);
        await expectFactsMatchSources();
      });
    });
  }
});
