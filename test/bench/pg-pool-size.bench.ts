/**
 * The PostgreSQL connection pool's size (DATABASE_POOL_SIZE) chosen by measurement (issue 12,
 * point 5): the booking benchmark's load (50 connections, every request a new learner and
 * session, mail delivered to an SMTP server) against the service started with each pool size in
 * turn, in alternating rounds so the machine's noise falls on every size alike; each run's
 * bookings are taken against the same start's GET /api/health.
 *
 *   npm run bench:pg-pool                           # sizes 2, 5, 10, 20; 2 rounds
 *   BENCH_POOL_SIZES=5,10 BENCH_ROUNDS=3 npm run bench:pg-pool
 */
import { createTestDatabase } from '../support/test-database';
import { buildApp, LoadFigures, loadAverage, machine, median, startApp, startSmtpSink, writeResult } from './bench-kit';
import { BookingRequests, measure, seed } from './booking.bench';

const SIZES = (process.env.BENCH_POOL_SIZES ?? '2,5,10,20').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Learners and sessions for one booking run (12 s after 2 s of warm-up at a few hundred a second). */
const PER_RUN = Number(process.env.BENCH_PER_RUN ?? 20_000);

async function main(): Promise<void> {
  const start = loadAverage();
  console.log(`pool size benchmark (PostgreSQL): ${JSON.stringify(machine())}; load average ${start.join(' ')}; sizes ${SIZES.join(', ')}, ${ROUNDS} rounds`);
  const build = buildApp();
  const sink = await startSmtpSink();
  const database = await createTestDatabase('postgres');
  const runs: Array<{ size: number; round: number; health: LoadFigures; bookings: LoadFigures; ratio: number }> = [];
  try {
    const env = { DATABASE_URL: database.url, SMTP_URL: sink.url, MAIL_FROM: 'training@bench.test', PUBLIC_URL: 'http://localhost:3000' };
    await (await startApp(build, env)).stop();
    const seeded = await seed(database.url, 'postgres', { pool: PER_RUN * SIZES.length * ROUNDS, flatSessions: 0 });
    let next = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      for (const size of SIZES) {
        console.log(`\nround ${round}, DATABASE_POOL_SIZE=${size}:`);
        const app = await startApp(build, { ...env, DATABASE_POOL_SIZE: String(size) });
        try {
          const health = await measure('GET /api/health', app.baseUrl, { path: '/api/health' });
          const first = next;
          next += PER_RUN;
          const requests = new BookingRequests(seeded.tokens.slice(first, next), (index) => seeded.sessionIds[first + index], PER_RUN - 400);
          const bookings = await measure('POST /api/bookings', app.baseUrl, { path: '/api/bookings', bookings: requests });
          if (bookings.non2xx + bookings.errors > 0) throw new Error(`pool size ${size}: answers that were not 2xx: ${requests.failures.join(' | ')}`);
          if (requests.exhausted) console.log(`  the ${PER_RUN} learners of this run ran out: the run was cut short (raise BENCH_PER_RUN)`);
          runs.push({ size, round, health, bookings, ratio: bookings.perSecond / health.perSecond });
        } finally {
          await app.stop();
        }
      }
    }
  } finally {
    await sink.stop();
    await database.drop();
    build.remove();
  }
  const rows = SIZES.map((size) => {
    const mine = runs.filter((run) => run.size === size);
    return [
      String(size),
      median(mine.map((run) => run.bookings.perSecond)).toFixed(0),
      median(mine.map((run) => run.ratio)).toFixed(3),
      `${median(mine.map((run) => run.bookings.p50)).toFixed(0)} ms / ${median(mine.map((run) => run.bookings.p99)).toFixed(0)} ms`,
    ];
  });
  const columns = ['pool size', 'bookings/s (median of rounds)', 'ratio to health', 'booking p50 / p99'];
  console.log(`\n${columns.join(' | ')}`);
  for (const row of rows) console.log(row.join(' | '));
  const end = loadAverage();
  console.log(`load average at the end: ${end.join(' ')}`);
  writeResult(process.env.BENCH_RESULT_NAME ?? 'pg-pool-size', {
    app: build.source,
    settings: { sizes: SIZES, rounds: ROUNDS, perRun: PER_RUN },
    loadAverage: { start, end },
    runs,
    tables: [{ title: 'PostgreSQL pool size: bookings against the same start\'s GET /api/health', columns, rows }],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
