/**
 * "Find training" against the API's list of the same sessions (issue 9, Performance): 500
 * upcoming sessions, 50 requests in flight for a fixed time, requests per second of each and
 * the ratio. The page must reach at least half the API's throughput.
 *
 *   npm run bench:pages                   # temporary SQLite file
 *   npm run bench:pages -- postgres       # a fresh PostgreSQL test database, dropped afterwards
 *   BENCH_SECONDS=20 BENCH_ROUNDS=5 BENCH_CONNECTIONS=50 npm run bench:pages
 *
 * The API and the page take turns for a few rounds and each side's median counts, so a burst of
 * other work on the machine weighs on both alike. The load comes from a worker thread (its own event loop, Node's fetch), so the client does
 * not queue behind the server it measures. Prints figures; asserts only that every answer was
 * 200 and that the page and the API list the same sessions.
 */
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { makeCourse, makeOrganisation, makeSession, makeSignedIn } from '../factories';
import { createTestApp } from '../support/test-app';
import { loadAverage, writeResult } from './bench-kit';

const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
process.env.TEST_DATABASE = dialect;
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP_SECONDS = 2;
const NOW = new Date('2027-01-04T09:00:00Z');
const HOUR = 3600_000;

interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  latencies: number[];
}

/** Keeps `connections` requests in flight for `seconds`; runs in a worker thread. */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, headers, connections, seconds } = workerData;
(async () => {
  const started = performance.now();
  const ends = started + seconds * 1000;
  let requests = 0, failures = 0;
  const latencies = [];
  async function loop() {
    while (performance.now() < ends) {
      const sent = performance.now();
      try {
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (response.status === 200) requests++; else failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - sent);
    }
  }
  await Promise.all(Array.from({ length: connections }, loop));
  parentPort.postMessage({ requests, failures, seconds: (performance.now() - started) / 1000, latencies });
})();
`;

function load(url: string, headers: Record<string, string>, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { url, headers, connections: CONNECTIONS, seconds } });
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

function median(values: number[]): number {
  return percentile(values, 50);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(label: string, url: string, headers: Record<string, string>): Promise<number> {
  await load(url, headers, WARM_UP_SECONDS);
  const result = await load(url, headers, SECONDS);
  if (result.failures > 0) throw new Error(`${label}: ${result.failures} answers were not 200`);
  const perSecond = result.requests / result.seconds;
  console.log(
    `  ${label.padEnd(46)} ${perSecond.toFixed(0).padStart(6)} req/s   latency p50 ${percentile(result.latencies, 50).toFixed(0)} ms, p99 ${percentile(result.latencies, 99).toFixed(0)} ms`,
  );
  return perSecond;
}

async function main(): Promise<void> {
  const t = await createTestApp({ now: NOW });
  try {
    const organisation = await makeOrganisation(t.dataSource);
    const trainers = [
      await makeSignedIn(t.dataSource, organisation.id, ['trainer'], { name: 'Fiona Dunlop' }),
      await makeSignedIn(t.dataSource, organisation.id, ['trainer'], { name: 'Rhona Kerr' }),
    ];
    const learner = await makeSignedIn(t.dataSource, organisation.id, ['learner']);
    const courses = [
      await makeCourse(t.dataSource, { title: 'Literature searching for social work practice' }),
      await makeCourse(t.dataSource, { title: 'Finding evidence to inform your practice' }),
      await makeCourse(t.dataSource, { title: 'Library induction' }),
    ];
    const started = Date.now();
    for (let i = 0; i < SESSIONS; i++) {
      const startsAt = new Date(NOW.getTime() + (i + 1) * 6 * HOUR);
      await makeSession(t.dataSource, {
        courseId: courses[i % courses.length].id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * HOUR),
        capacity: 12,
        confirmedCount: i % 13 === 0 ? 12 : i % 12,
        location: i % 4 === 0 ? null : 'Crosshouse Hospital library, Kilmarnock',
        onlineUrl: i % 4 === 0 ? 'https://meet.example/session' : null,
        trainerIds: [trainers[i % 2].person.id, ...(i % 3 === 0 ? [trainers[(i + 1) % 2].person.id] : [])],
        now: NOW,
      });
    }
    console.log(`dialect: ${dialect}; ${SESSIONS} upcoming sessions seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    await t.app.listen(0, '127.0.0.1');
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    // The page is asked for as a browser asks: with the cookies an earlier page set (its form token's).
    const first = await fetch(`${base}/sessions`, { headers: { Cookie: `tt_session=${learner.token}` } });
    const setCookies = first.headers.getSetCookie().map((line) => line.split(';')[0]);
    const page = { url: `${base}/sessions`, headers: { Cookie: [`tt_session=${learner.token}`, ...setCookies].join('; ') } };
    const api = { url: `${base}/api/sessions?from=${NOW.toISOString()}&limit=20`, headers: { Authorization: `Bearer ${learner.token}` } };

    // The same list: the page's first 20 sessions are the API's first 20.
    const html = await (await fetch(page.url, { headers: page.headers })).text();
    const body = (await (await fetch(api.url, { headers: api.headers })).json()) as { items: Array<{ id: string }>; total: number };
    const listed = [...html.matchAll(/href="\/sessions\/([0-9a-f-]{36})"/g)].map((match) => match[1]);
    if (body.total !== SESSIONS || JSON.stringify(listed) !== JSON.stringify(body.items.map((item) => item.id))) {
      throw new Error('the page and the API do not list the same sessions');
    }
    console.log(`first page: 20 of ${body.total} sessions; HTML ${(html.length / 1024).toFixed(1)} KiB, JSON ${(JSON.stringify(body).length / 1024).toFixed(1)} KiB`);

    const loadAverageAtStart = loadAverage();
    console.log(`\nload average before timing: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores)`);
    console.log(`${CONNECTIONS} in flight, ${SECONDS} s a run after ${WARM_UP_SECONDS} s of warm-up, ${ROUNDS} rounds taking turns:`);
    const apiRates: number[] = [];
    const pageRates: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      apiRates.push(await measure(`GET /api/sessions?from=now&limit=20 (JSON) #${round}`, api.url, api.headers));
      pageRates.push(await measure(`GET /sessions (Find training, HTML)    #${round}`, page.url, page.headers));
    }
    const apiMedian = median(apiRates);
    const pageMedian = median(pageRates);
    console.log(`\nmedians: API ${apiMedian.toFixed(0)} req/s, page ${pageMedian.toFixed(0)} req/s; page / API ${(pageMedian / apiMedian).toFixed(2)} (target at least 0.50)`);
    writeResult(`pages-${dialect}`, {
      loadAverage: { start: loadAverageAtStart, end: loadAverage() },
      settings: { sessions: SESSIONS, seconds: SECONDS, connections: CONNECTIONS, rounds: ROUNDS },
      figures: { apiPerSecond: apiRates, pagePerSecond: pageRates, apiMedian, pageMedian, pageOverApi: pageMedian / apiMedian },
      tables: [
        {
          title: `Find training (HTML) against the API's list of the same ${SESSIONS} sessions, ${dialect}`,
          columns: ['', 'req/s (median of rounds)', 'rounds'],
          rows: [
            ['GET /api/sessions?from=now&limit=20', apiMedian.toFixed(0), apiRates.map((rate) => rate.toFixed(0)).join(', ')],
            ['GET /sessions (page)', pageMedian.toFixed(0), pageRates.map((rate) => rate.toFixed(0)).join(', ')],
            ['page / API (target at least 0.50)', (pageMedian / apiMedian).toFixed(2), ''],
          ],
        },
      ],
    });
  } finally {
    await t.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
