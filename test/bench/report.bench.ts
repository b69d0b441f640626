/**
 * The training report at national scale (issue 5, point 8): generates 200,000 people in 20
 * organisations, 20,000 sessions over three years and 1,000,000 attendance records, then times
 * the training report for each groupBy (admin, all organisations; a manager's organisation; the
 * last twelve months) and a streamed CSV export of the people report for all 200,000 people,
 * sampling the process's memory while the file streams.
 *
 *   npm run bench:report                  # temporary SQLite file
 *   npm run bench:report -- postgres      # scratch PostgreSQL database (PG_ADMIN_URL), dropped afterwards
 *   BENCH_PEOPLE=20000 BENCH_SESSIONS=2000 BENCH_RECORDS_PER_SESSION=50 npm run bench:report   # smaller
 *
 * Side by side in the same run: the all-organisation figures computed straight from
 * attendance_record, person and training_session (the join the attendance_fact projection
 * saves), which must give the same numbers as the report.
 *
 * Side by side too: the training report page (the managers' home, issue 10) against the JSON for
 * the same filters, in turns, with the ratio of their medians (the target: within 1.5×).
 *
 * Prints figures; asserts only that the report agrees with that join, that the page's headline
 * carries the JSON's totals and that the export holds one line per cohort member.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { createDataSource, dataSourceOptions, dialectOf } from '../../src/database/data-source-options';
import { hashSecret, newSecret } from '../../src/auth/secrets';
import { createTestApp } from '../support/test-app';
import { loadAverage, writeResult } from './bench-kit';

const dialect = process.argv[2] === 'postgres' || process.env.BENCH_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 200_000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 20_000);
const RECORDS_PER_SESSION = Number(process.env.BENCH_RECORDS_PER_SESSION ?? 50);
const ORGANISATIONS = 20;
const TEAMS_PER_ORGANISATION = 12;
const COURSES = 40;
const FIRST_SESSION = Date.parse('2024-01-01T09:00:00Z');
const SESSION_SPAN_MS = 3 * 365 * 24 * 3600_000;
const NOW = '2026-12-31T12:00:00Z';
const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Deterministic pseudo-random numbers (mulberry32), so runs generate the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sqlDate = (ms: number) => (dialect === 'sqlite' ? new Date(ms).toISOString().replace('T', ' ').replace('Z', '') : new Date(ms).toISOString());
const sqlBool = (value: boolean) => (dialect === 'sqlite' ? (value ? 1 : 0) : value);

async function insertRows(manager: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  let n = 0;
  const values = rows.map((row) => `(${row.map(() => (dialect === 'sqlite' ? '?' : `$${++n}`)).join(', ')})`).join(', ');
  await manager.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`, rows.flat());
}

/** Generates rows in chunks (multi-row INSERTs, one transaction per table) so memory stays small. */
async function bulkInsert(db: DataSource, table: string, columns: string[], count: number, row: (i: number) => unknown[]): Promise<void> {
  const perStatement = Math.floor((dialect === 'sqlite' ? 30_000 : 60_000) / columns.length);
  const started = Date.now();
  await db.transaction(async (manager) => {
    for (let start = 0; start < count; start += perStatement) {
      const rows: unknown[][] = [];
      for (let i = start; i < Math.min(count, start + perStatement); i++) rows.push(row(i));
      await insertRows(manager, table, columns, rows);
    }
  });
  console.log(`  ${table}: ${count.toLocaleString('en-GB')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function generate(db: DataSource): Promise<{ adminToken: string; managerToken: string; cohort: number; courseId: string }> {
  const now = sqlDate(Date.parse(NOW));
  const organisationIds = Array.from({ length: ORGANISATIONS }, () => randomUUID());
  await bulkInsert(db, 'organisation', ['id', 'code', 'name', 'createdAt'], ORGANISATIONS, (i) => [organisationIds[i], `BENCH${i}`, `Partnership ${i}`, now]);

  const personIds = Array.from({ length: PEOPLE }, () => randomUUID());
  const roleOf = (i: number) => (i % 50 === 0 ? 'manager' : i % 25 === 0 ? 'learner,trainer' : 'learner');
  const erased = (i: number) => i % 200 === 7;
  const active = (i: number) => i % 20 !== 3;
  await bulkInsert(
    db,
    'person',
    ['id', 'name', 'email', 'emailKey', 'organisationId', 'team', 'roles', 'active', 'erasedAt', 'createdAt', 'updatedAt'],
    PEOPLE,
    (i) => [
      personIds[i],
      erased(i) ? null : `Learner ${i}`,
      erased(i) ? null : `learner.${i}@bench.test`,
      erased(i) ? null : `learner.${i}@bench.test`,
      organisationIds[i % ORGANISATIONS],
      `Team ${Math.floor(i / ORGANISATIONS) % TEAMS_PER_ORGANISATION}`,
      roleOf(i),
      sqlBool(active(i)),
      erased(i) ? now : null,
      now,
      now,
    ],
  );
  let cohort = 0;
  for (let i = 0; i < PEOPLE; i++) if (active(i) && roleOf(i).includes('learner')) cohort++;

  const courseIds = Array.from({ length: COURSES }, () => randomUUID());
  await bulkInsert(db, 'course', ['id', 'title', 'cpdHours', 'createdAt', 'updatedAt'], COURSES, (i) => [courseIds[i], `Course ${i}`, 1.5, now, now]);

  const next = random(42);
  const sessionIds = Array.from({ length: SESSIONS }, () => randomUUID());
  const sessionStarts = Array.from({ length: SESSIONS }, () => FIRST_SESSION + Math.floor(next() * SESSION_SPAN_MS / 3600_000) * 3600_000);
  await bulkInsert(
    db,
    'training_session',
    ['id', 'courseId', 'startsAt', 'endsAt', 'capacity', 'status', 'createdAt', 'updatedAt'],
    SESSIONS,
    (i) => [sessionIds[i], courseIds[i % COURSES], sqlDate(sessionStarts[i]), sqlDate(sessionStarts[i] + 2 * 3600_000), 60, i % 50 === 0 ? 'cancelled' : 'scheduled', now, now],
  );

  // Each session: RECORDS_PER_SESSION distinct people (a random start, a fixed stride).
  const stride = 3989;
  await bulkInsert(
    db,
    'attendance_record',
    ['id', 'sessionId', 'personId', 'bookingId', 'status', 'walkIn', 'recordedById', 'recordedAt'],
    SESSIONS * RECORDS_PER_SESSION,
    (i) => {
      const session = Math.floor(i / RECORDS_PER_SESSION);
      const person = (Math.floor(random(session)() * PEOPLE) + (i % RECORDS_PER_SESSION) * stride) % PEOPLE;
      const draw = next();
      return [randomUUID(), sessionIds[session], personIds[person], null, draw < 0.8 ? 'attended' : draw < 0.92 ? 'absent' : 'excused', sqlBool(true), null, sqlDate(sessionStarts[session])];
    },
  );

  const adminToken = newSecret();
  const managerToken = newSecret();
  const adminId = randomUUID();
  await db.transaction(async (manager) => {
    await insertRows(manager, 'person', ['id', 'name', 'email', 'emailKey', 'organisationId', 'roles', 'createdAt', 'updatedAt'], [
      [adminId, 'Bench admin', 'admin@bench.test', 'admin@bench.test', organisationIds[0], 'admin', now, now],
    ]);
    await insertRows(manager, 'auth_token', ['id', 'personId', 'kind', 'tokenHash', 'createdAt'], [
      [randomUUID(), adminId, 'access', hashSecret(adminToken), now],
      [randomUUID(), personIds[0], 'access', hashSecret(managerToken), now], // person 0 is a manager of organisation 0
    ]);
  });
  return { adminToken, managerToken, cohort, courseId: courseIds[0] };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeJson(base: string, path: string, token: string, runs = 5): Promise<{ cold: number; median: number; body: unknown }> {
  const times: number[] = [];
  let body: unknown;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    body = await res.json();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    times.push(performance.now() - started);
  }
  return { cold: times[0], median: median(times.slice(1)), body };
}

/**
 * The training report page (the managers' home) beside the JSON report for the same filters,
 * called in turns (JSON, page, JSON, page, …) so that both meet the same state of the machine: the
 * page as a browser asks for it, with the sign-in cookie, read to its end. Fails when the page's
 * headline does not carry the JSON's totals.
 */
async function timePageBesideJson(base: string, jsonPath: string, pagePath: string, token: string, runs = 5) {
  const json: number[] = [];
  const page: number[] = [];
  let totals = { cohort: 0, trained: 0 };
  let html = '';
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    const jsonResponse = await fetch(`${base}${jsonPath}`, { headers: { Authorization: `Bearer ${token}` } });
    const body = (await jsonResponse.json()) as { totals: { cohort: number; trained: number } };
    json.push(performance.now() - started);
    if (jsonResponse.status !== 200) throw new Error(`${jsonPath}: ${jsonResponse.status} ${JSON.stringify(body)}`);
    totals = body.totals;
    started = performance.now();
    const pageResponse = await fetch(`${base}${pagePath}`, { headers: { Cookie: `tt_session=${token}` } });
    html = await pageResponse.text();
    page.push(performance.now() - started);
    if (pageResponse.status !== 200) throw new Error(`${pagePath}: ${pageResponse.status}`);
  }
  const headline = /id="headline">\s*([\d,]+) of ([\d,]+) social workers/.exec(html);
  const shown = headline && { trained: Number(headline[1].replace(/,/g, '')), cohort: Number(headline[2].replace(/,/g, '')) };
  if (!shown || shown.trained !== totals.trained || shown.cohort !== totals.cohort) {
    throw new Error(`${pagePath}: the headline ${headline?.[0] ?? '(none)'} does not carry the JSON's totals ${JSON.stringify(totals)}`);
  }
  return { json: { cold: json[0], median: median(json.slice(1)) }, page: { cold: page[0], median: median(page.slice(1)) }, bytes: html.length, totals };
}

/**
 * Downloads a CSV as a client would, discarding it, while sampling this process (which also
 * runs the server): peak RSS and heap every 10 ms, and the heap still in use after a forced
 * collection every 2 MB received, which is what a whole-result array would make grow.
 */
async function streamCsv(base: string, path: string, token: string) {
  collectGarbage();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  let peakRetained = before.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 10);
  const started = performance.now();
  let firstByteMs = 0;
  let bytes = 0;
  let nextCollection = 2 * 1024 * 1024;
  let lines = 0;
  const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/csv' } });
  if (res.status !== 200 || !res.body) throw new Error(`${path}: ${res.status}`);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (bytes === 0) firstByteMs = performance.now() - started;
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
    if (bytes >= nextCollection) {
      nextCollection += 2 * 1024 * 1024;
      collectGarbage();
      peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed);
    }
  }
  const elapsed = performance.now() - started;
  clearInterval(sampler);
  return { elapsed, firstByteMs, bytes, rows: lines - 1, rssBefore: before.rss, peakRss, heapBefore: before.heapUsed, peakHeap, peakRetained };
}

/** Trained, attendances and no-shows per organisation from the records, their people and sessions, without the projection. */
const SOURCE_JOIN = `
  SELECT p."organisationId" AS "organisationId",
         COUNT(DISTINCT CASE WHEN ar.status = 'attended' THEN ar."personId" END) AS trained,
         SUM(CASE WHEN ar.status = 'attended' THEN 1 ELSE 0 END) AS attendances,
         SUM(CASE WHEN ar.status = 'absent' THEN 1 ELSE 0 END) AS "noShows"
  FROM attendance_record ar
  JOIN person p ON p.id = ar."personId"
  JOIN training_session s ON s.id = ar."sessionId"
  WHERE p.active = TRUE AND p.roles LIKE '%learner%' AND s.status <> 'cancelled'
  GROUP BY p."organisationId"`;

async function compareWithSourceJoin(base: string, token: string, dataSource: DataSource): Promise<void> {
  // The report first: the join runs on the server's own connection and can hold its event loop for seconds.
  const report = await timeJson(base, '/api/reports/training?groupBy=organisation', token);
  const joinTimes: number[] = [];
  let joined: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    joined = (await dataSource.query(SOURCE_JOIN)) as Array<Record<string, unknown>>;
    joinTimes.push(performance.now() - started);
  }
  const join = { cold: joinTimes[0], median: median(joinTimes.slice(1)) };
  console.log(`  source join (SQL only)   ${join.cold.toFixed(0).padStart(6)} ${join.median.toFixed(0).padStart(6)}`);
  console.log(`  report (over HTTP)       ${report.cold.toFixed(0).padStart(6)} ${report.median.toFixed(0).padStart(6)}   the join takes ${(join.median / report.median).toFixed(1)}× as long`);
  const rows = (report.body as { rows: Array<{ key: string; trained: number; attendances: number; noShows: number }> }).rows.filter((r) => r.attendances + r.noShows > 0);
  const expected = joined.map((r) => ({ key: String(r.organisationId), trained: Number(r.trained), attendances: Number(r.attendances), noShows: Number(r.noShows) }));
  const actual = rows.map((r) => ({ key: r.key, trained: r.trained, attendances: r.attendances, noShows: r.noShows }));
  const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
  if (JSON.stringify(actual.sort(byKey)) !== JSON.stringify(expected.sort(byKey))) {
    throw new Error(`the report disagrees with the source join:\n${JSON.stringify(actual)}\n${JSON.stringify(expected)}`);
  }
  console.log(`  the same figures for all ${expected.length} organisations with records`);
}

// A garbage collection on demand, so the export's retained memory can be told from its garbage.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tt-bench-report-'));
    databaseUrl = `sqlite:${join(dir, 'bench.sqlite')}`;
    dropDatabase = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `tt_bench_report_${process.pid}`;
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const client = new Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }
  try {
    console.log(`dialect: ${dialectOf(databaseUrl)}; ${PEOPLE.toLocaleString('en-GB')} people, ${SESSIONS.toLocaleString('en-GB')} sessions, ${(SESSIONS * RECORDS_PER_SESSION).toLocaleString('en-GB')} attendance records`);
    const db = createDataSource(dataSourceOptions(databaseUrl));
    await db.initialize();
    await db.runMigrations();
    console.log('generating:');
    const { adminToken, managerToken, cohort, courseId } = await generate(db);
    await db.query(dialect === 'sqlite' ? 'ANALYZE' : 'VACUUM ANALYZE');
    await db.destroy();

    const app = await createTestApp({ databaseUrl, now: NOW });
    await app.app.listen(0, '127.0.0.1');
    const base = (await app.app.getUrl()).replace('[::1]', '127.0.0.1');
    try {
      const loadAverageAtStart = loadAverage();
      const reportRows: string[][] = [];
      const pageRows: string[][] = [];
      console.log(`\nload average before timing: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores)`);
      console.log('training report (ms: first call, then median of four more)');
      const cases: Array<[string, string, string]> = [];
      for (const groupBy of ['organisation', 'team', 'course', 'month']) {
        cases.push([`admin, all time, groupBy=${groupBy}`, `/api/reports/training?groupBy=${groupBy}`, adminToken]);
      }
      cases.push(['admin, last 12 months, groupBy=month', '/api/reports/training?groupBy=month&from=2026-01-01&to=2026-12-31', adminToken]);
      cases.push(['admin, one course since 2025, groupBy=team', `/api/reports/training?groupBy=team&from=2025-01-01&courseId=${courseId}`, adminToken]);
      cases.push(["manager's organisation, groupBy=team", '/api/reports/training?groupBy=team', managerToken]);
      cases.push(["manager's organisation, groupBy=month", '/api/reports/training?groupBy=month', managerToken]);
      cases.push(['people report JSON, first page of 50', '/api/reports/training/people', adminToken]);
      cases.push(['people report JSON, not trained, offset 5000', '/api/reports/training/people?trained=false&offset=5000', adminToken]);
      for (const [label, path, token] of cases) {
        const { cold, median: warm, body } = await timeJson(base, path, token);
        const totals = (body as { totals?: { cohort: number; trained: number; attendances: number } }).totals;
        const summary = totals ? `cohort ${totals.cohort}, trained ${totals.trained}, attendances ${totals.attendances}` : `total ${(body as { total: number }).total}`;
        console.log(`  ${label.padEnd(44)} ${cold.toFixed(0).padStart(6)} ${warm.toFixed(0).padStart(6)}   (${summary})`);
        reportRows.push([label, cold.toFixed(0), warm.toFixed(0), summary]);
      }

      console.log('\ntraining report page beside the JSON for the same filters (ms: first call, then median of four more; page / JSON of the medians)');
      const pageCases: Array<[string, string, string, string]> = [
        ['admin, all time, by organisation', 'groupBy=organisation', '', adminToken],
        ['admin, all time, by team', 'groupBy=team', 'group=team', adminToken],
        ['admin, all time, by course', 'groupBy=course', 'group=course', adminToken],
        ['admin, last 12 months, by month', 'groupBy=month&from=2026-01-01&to=2026-12-31', 'group=month&from-day=1&from-month=1&from-year=2026&to-day=31&to-month=12&to-year=2026', adminToken],
        ['admin, one course since 2025, by team', `groupBy=team&from=2025-01-01&courseId=${courseId}`, `group=team&from-day=1&from-month=1&from-year=2025&course=${courseId}`, adminToken],
        ["manager's organisation, by team", 'groupBy=team', '', managerToken],
        ["manager's organisation, by month", 'groupBy=month', 'group=month', managerToken],
      ];
      console.log(`  ${''.padEnd(40)} ${'JSON'.padStart(13)} ${'page'.padStart(13)}   page/JSON`);
      const ratios: number[] = [];
      for (const [label, jsonQuery, pageQuery, token] of pageCases) {
        const timed = await timePageBesideJson(base, `/api/reports/training?${jsonQuery}`, `/reports/training${pageQuery ? `?${pageQuery}` : ''}`, token);
        const ratio = timed.page.median / timed.json.median;
        ratios.push(ratio);
        const pair = (t: { cold: number; median: number }) => `${t.cold.toFixed(0).padStart(6)} ${t.median.toFixed(0).padStart(6)}`;
        console.log(`  ${label.padEnd(40)} ${pair(timed.json)} ${pair(timed.page)}   ${ratio.toFixed(2)}×  (${(timed.bytes / 1024).toFixed(0)} KB of HTML; ${timed.totals.trained} of ${timed.totals.cohort})`);
        pageRows.push([label, timed.json.median.toFixed(0), timed.page.median.toFixed(0), ratio.toFixed(2)]);
      }
      console.log(`  the page takes at most ${Math.max(...ratios).toFixed(2)}× the JSON's time (target: within 1.5×)`);

      console.log('\npeople report CSV, all organisations');
      const csv = await streamCsv(base, '/api/reports/training/people?format=csv', adminToken);
      console.log(`  rows ${csv.rows.toLocaleString('en-GB')} (cohort ${cohort.toLocaleString('en-GB')}), ${mb(csv.bytes)} in ${(csv.elapsed / 1000).toFixed(2)} s, first byte after ${csv.firstByteMs.toFixed(0)} ms`);
      console.log(`  RSS ${mb(csv.rssBefore)} before, peak ${mb(csv.peakRss)} (+${mb(csv.peakRss - csv.rssBefore)})`);
      console.log(`  heap ${mb(csv.heapBefore)} before (after a collection), peak ${mb(csv.peakHeap)} (+${mb(csv.peakHeap - csv.heapBefore)}) including garbage`);
      console.log(`  heap still in use after a collection every 2 MB: at most ${mb(csv.peakRetained)} (+${mb(csv.peakRetained - csv.heapBefore)})`);
      if (csv.rows !== cohort) throw new Error(`the export held ${csv.rows} rows, expected ${cohort}`);

      console.log('\nall organisations, all time, by organisation: the report against the same figures joined from the source tables');
      await compareWithSourceJoin(base, adminToken, app.dataSource);

      writeResult(`report-${dialect}`, {
        loadAverage: { start: loadAverageAtStart, end: loadAverage() },
        settings: { people: PEOPLE, sessions: SESSIONS, recordsPerSession: RECORDS_PER_SESSION },
        figures: { report: reportRows, pageBesideJson: pageRows, csv },
        tables: [
          {
            title: `Training report, ${PEOPLE.toLocaleString('en-GB')} people, ${(SESSIONS * RECORDS_PER_SESSION).toLocaleString('en-GB')} attendance records, ${dialect}`,
            columns: ['request', 'first call ms', 'median ms', 'answer'],
            rows: reportRows,
          },
          { title: 'Report page beside the JSON (median ms; target: within 1.5×)', columns: ['filters', 'JSON', 'page', 'page / JSON'], rows: pageRows },
          {
            title: 'People report CSV, all organisations',
            columns: ['rows', 'MB', 'seconds', 'first byte ms', 'peak RSS added MB', 'heap retained added MB'],
            rows: [[String(csv.rows), (csv.bytes / 1024 / 1024).toFixed(1), (csv.elapsed / 1000).toFixed(2), csv.firstByteMs.toFixed(0), ((csv.peakRss - csv.rssBefore) / 1024 / 1024).toFixed(1), ((csv.peakRetained - csv.heapBefore) / 1024 / 1024).toFixed(1)]],
          },
        ],
      });
    } finally {
      await app.app.close();
    }
  } finally {
    await dropDatabase();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
