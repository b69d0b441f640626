/**
 * Bookings against the framework's ceiling (issue 12, point 1), measured from outside as the
 * issue's table was: the service built and started as production runs it (`node dist/main.js`,
 * its own process), mail really delivered to an SMTP server (smtp-server, in a child process),
 * autocannon in this process with 50 connections, all on the same cores. For each database in
 * turn, on one running service:
 *   1. GET /api/health                  the same run's ceiling;
 *   2. POST /api/bookings               every request a new learner (own bearer token) and a new session;
 *   3. GET /api/sessions?limit=50       the catalogue as the bookings left it;
 *   4. flat as sessions fill            a few sessions of 1,000 seats, each booked 1,000 times:
 *                                       bookings 1–100 of a session against bookings 901–1,000,
 *                                       each window once the mail before it has been sent.
 * Ratios are taken against the same run's health, so the load generator sharing the cores weighs
 * on both sides alike.
 *
 *   npm run bench:booking                      # SQLite (temp file), then PostgreSQL (fresh database, dropped)
 *   npm run bench:booking -- sqlite            # one database
 *   BENCH_SECONDS=15 BENCH_POOL=60000 npm run bench:booking
 *   BENCH_APP_SOURCE=HEAD npm run bench:booking   # the committed HEAD instead of the working tree
 *
 * Prints a table and whether each target of the issue is met (a missed target does not fail the
 * run); writes test/bench/results/booking.json (BENCH_RESULT_NAME for another name). Fails when
 * any answer was not 2xx.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { DataSource } from 'typeorm';
import { hashSecret, newSecret } from '../../src/auth/secrets';
import { createDataSource, dataSourceOptions } from '../../src/database/data-source-options';
import { createTestDatabase } from '../support/test-database';
import {
  AppBuild,
  buildApp,
  dialects,
  figuresOf,
  LoadFigures,
  loadAverage,
  machine,
  median,
  percentile,
  runAutocannon,
  RunningApp,
  SmtpSinkProcess,
  startApp,
  startSmtpSink,
  writeResult,
} from './bench-kit';

type Dialect = 'sqlite' | 'postgres';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 2);
/** Learners and sessions for the booking run: enough for warm-up and run at 2,500 bookings/s. */
const POOL = Number(process.env.BENCH_POOL ?? 40_000);
/** Ten sessions, so each measured window is 1,000 bookings, one to two seconds here: a window of 300 lasted under half a second. */
const FLAT_SESSIONS = Number(process.env.BENCH_FLAT_SESSIONS ?? 10);
const FLAT_BOOKINGS_PER_SESSION = 1000;
const FLAT_WINDOW = 100;
/** More than can be in flight when a run stops: requests built after the pool's end is reached. */
const SPARE = CONNECTIONS * 4;

const TARGETS = {
  sqlite: { bookingsRatio: 0.6, bookingP99Ms: 100, listRatio: 0.5 },
  postgres: { bookingsRatio: 0.35, bookingP99Ms: 100, listRatio: 0.5 },
  /** "The 1,000th booking of a session costs what the 1st does": read as within 10 %. */
  flatRatio: 0.9,
};

export interface SeedSizes {
  /** Learners and sessions for the booking run (one each per booking). */
  pool: number;
  flatSessions: number;
}

export interface Seeded {
  /** Booking run: learner i books session i. */
  tokens: string[];
  sessionIds: string[];
  /** Flat run: learner i books session i mod FLAT_SESSIONS. */
  flatTokens: string[];
  flatSessionIds: string[];
  /** A learner who only reads the catalogue. */
  readerToken: string;
  catalogue: number;
}

/** Multi-row INSERTs in chunks within one transaction, straight to the tables the migrations made. */
async function insertRows(db: DataSource, dialect: Dialect, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.floor((dialect === 'sqlite' ? 30_000 : 60_000) / columns.length);
  await db.transaction(async (manager) => {
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      let n = 0;
      const values = chunk.map((row) => `(${row.map(() => (dialect === 'sqlite' ? '?' : `$${++n}`)).join(', ')})`).join(', ');
      await manager.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`, chunk.flat());
    }
  });
}

/** Learners with tokens, sessions with a trainer each, written while the service is down. */
export async function seed(databaseUrl: string, dialect: Dialect, sizes: SeedSizes = { pool: POOL, flatSessions: FLAT_SESSIONS }): Promise<Seeded> {
  const { pool, flatSessions } = sizes;
  const started = Date.now();
  const db = await createDataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    const date = (ms: number) => (dialect === 'sqlite' ? new Date(ms).toISOString().replace('T', ' ').replace('Z', '') : new Date(ms).toISOString());
    const bool = (value: boolean) => (dialect === 'sqlite' ? (value ? 1 : 0) : value);
    const now = Date.now();
    const organisationId = randomUUID();
    await insertRows(db, dialect, 'organisation', ['id', 'code', 'name', 'createdAt'], [[organisationId, 'BENCH', 'North Ayrshire HSCP', date(now)]]);
    const courseIds = [randomUUID(), randomUUID(), randomUUID()];
    const titles = ['Literature searching for social work practice', 'Finding evidence to inform your practice', 'Library induction'];
    await insertRows(
      db,
      dialect,
      'course',
      ['id', 'title', 'description', 'durationMinutes', 'cpdHours', 'createdAt', 'updatedAt'],
      courseIds.map((id, i) => [id, titles[i], 'Find research for your practice, fast.', 120, 2, date(now), date(now)]),
    );

    const learners = pool + SPARE + flatSessions * FLAT_BOOKINGS_PER_SESSION + SPARE + 1;
    const personIds = Array.from({ length: learners }, () => randomUUID());
    const trainerIds = [randomUUID(), randomUUID()];
    const people: unknown[][] = personIds.map((id, i) => [id, `Learner ${i}`, `learner.${i}@bench.test`, `learner.${i}@bench.test`, organisationId, 'Team 1', 'learner', bool(true), date(now), date(now)]);
    people.push(...trainerIds.map((id, i) => [id, `Trainer ${i}`, `trainer.${i}@bench.test`, `trainer.${i}@bench.test`, organisationId, null, 'trainer', bool(true), date(now), date(now)]));
    await insertRows(db, dialect, 'person', ['id', 'name', 'email', 'emailKey', 'organisationId', 'team', 'roles', 'active', 'createdAt', 'updatedAt'], people);

    const tokens = personIds.map(() => newSecret());
    const expires = date(now + 365 * 24 * 3600_000);
    await insertRows(
      db,
      dialect,
      'auth_token',
      ['id', 'personId', 'kind', 'tokenHash', 'expiresAt', 'createdAt'],
      personIds.map((personId, i) => [randomUUID(), personId, 'access', hashSecret(tokens[i]), expires, date(now)]),
    );

    // Upcoming sessions, one every 30 minutes from a week ahead; the flat run's have 1,000 seats.
    const sessionCount = pool + SPARE + flatSessions;
    const sessionIds = Array.from({ length: sessionCount }, () => randomUUID());
    const firstStart = Math.ceil((now + 7 * 24 * 3600_000) / 3600_000) * 3600_000;
    await insertRows(
      db,
      dialect,
      'training_session',
      ['id', 'courseId', 'startsAt', 'endsAt', 'timezone', 'location', 'capacity', 'status', 'waitlistEnabled', 'createdAt', 'updatedAt'],
      sessionIds.map((id, i) => {
        const startsAt = firstStart + i * 1800_000;
        const flat = i >= pool + SPARE;
        return [id, courseIds[i % 3], date(startsAt), date(startsAt + 2 * 3600_000), 'Europe/London', 'Crosshouse Hospital library, Kilmarnock', flat ? FLAT_BOOKINGS_PER_SESSION : 12, 'scheduled', bool(true), date(now), date(now)];
      }),
    );
    await insertRows(db, dialect, 'session_trainer', ['sessionId', 'personId'], sessionIds.map((id, i) => [id, trainerIds[i % 2]]));
    await db.query('ANALYZE');
    console.log(`  seeded ${learners.toLocaleString('en-GB')} learners with tokens and ${sessionCount.toLocaleString('en-GB')} sessions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const flatStart = pool + SPARE;
    return {
      tokens: tokens.slice(0, pool + SPARE),
      sessionIds: sessionIds.slice(0, pool + SPARE),
      flatTokens: tokens.slice(flatStart, flatStart + flatSessions * FLAT_BOOKINGS_PER_SESSION + SPARE),
      flatSessionIds: sessionIds.slice(flatStart),
      readerToken: tokens[tokens.length - 1],
      catalogue: sessionCount,
    };
  } finally {
    await db.destroy();
  }
}

/** Booking requests drawn from a pool, each learner and pairing used once; stops the run when the pool runs out. */
export class BookingRequests {
  next = 0;
  exhausted = false;
  readonly failures: string[] = [];
  private instance: { stop(): void } | undefined;

  constructor(
    private readonly tokens: string[],
    private readonly sessionFor: (index: number) => string,
    private readonly usable: number,
  ) {}

  attach(instance: { stop(): void }): void {
    this.instance = instance;
  }

  /** The next booking's headers and body. */
  take(): { headers: Record<string, string>; body: string } {
    const index = this.next++;
    if (index >= this.usable && !this.exhausted) {
      this.exhausted = true;
      this.instance?.stop();
    }
    if (index >= this.tokens.length) throw new Error('the booking pool ran out of spare learners');
    return {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.tokens[index]}` },
      body: JSON.stringify({ sessionId: this.sessionFor(index) }),
    };
  }

  answered(status: number, body: string): void {
    if ((status < 200 || status > 299) && this.failures.length < 5) this.failures.push(`${status} ${body.slice(0, 300)}`);
  }

  requests(): Array<Record<string, unknown>> {
    return [
      {
        method: 'POST',
        path: '/api/bookings',
        setupRequest: (request: Record<string, unknown>) => {
          return { ...request, ...this.take() };
        },
        onResponse: (status: number, body: string) => this.answered(status, body),
      },
    ];
  }
}

export async function load(base: string, options: { path: string; token?: string; bookings?: BookingRequests; seconds: number }): Promise<LoadFigures> {
  const result = await runAutocannon(
    {
      url: base,
      connections: CONNECTIONS,
      duration: options.seconds,
      ...(options.bookings
        ? { requests: options.bookings.requests() as never }
        : { requests: [{ method: 'GET', path: options.path, headers: options.token ? { authorization: `Bearer ${options.token}` } : {} }] }),
    },
    (instance) => options.bookings?.attach(instance),
  );
  return figuresOf(result);
}

/**
 * When a timed run ends, autocannon drops the requests still in flight (one per connection) but
 * the service still works through them: waits until it would have, so the next run does not
 * start behind them.
 */
async function settle(after: LoadFigures): Promise<void> {
  const seconds = Math.min(60, Math.max(1, (1.5 * CONNECTIONS) / Math.max(after.perSecond, 1)));
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

export async function measure(label: string, base: string, options: { path: string; token?: string; bookings?: BookingRequests }): Promise<LoadFigures> {
  await settle(await load(base, { ...options, seconds: WARM_UP_SECONDS }));
  const figures = await load(base, { ...options, seconds: SECONDS });
  await settle(figures);
  const problems = figures.non2xx + figures.errors + figures.timeouts;
  console.log(
    `  ${label.padEnd(28)} ${figures.perSecond.toFixed(0).padStart(6)}/s  p50 ${figures.p50.toFixed(0).padStart(5)} ms  p99 ${figures.p99.toFixed(0).padStart(5)} ms` +
      `${problems ? `  NOT 2xx: ${figures.non2xx}, errors ${figures.errors}, timeouts ${figures.timeouts} ${JSON.stringify(figures.statusCodes)} ${figures.errorMessages.join('; ')}` : ''}`,
  );
  return figures;
}

interface FlatFigures {
  sessions: number;
  bookingsPerSession: number;
  firstWindow: { perSecond: number; medianMs: number };
  lastWindow: { perSecond: number; medianMs: number };
  /** Bookings 901–1,000 of each session per second over bookings 1–100. */
  throughputRatio: number;
  /** Median latency of bookings 901–1,000 over that of bookings 1–100. */
  latencyRatio: number;
  non2xx: number;
  errors: number;
  errorMessages: string[];
}

/**
 * Every booking goes to one of ten sessions of 1,000 seats, in turns, so the sessions fill
 * together: each session's first 100 bookings are measured, then bookings 101 to 900 are made
 * unmeasured, then bookings 901 to 1,000 are measured.
 * - Each measured window starts once the mail of every earlier booking has been sent (the SMTP
 *   server's count has stopped growing), because the dispatcher renders mail on the service's
 *   event loop: otherwise the last window would pay for the first 900 bookings' mail.
 * - Each measured window runs on 50 connections opened before it (one GET /api/health each, all
 *   answered before the first booking is sent). A busy Node server takes on one new connection
 *   per event-loop turn, so 50 connections opened under load reach full speed only after about a
 *   second, which is most of a window (docs/performance.md).
 */
async function flatAsSessionsFill(base: string, seeded: Seeded, sink: SmtpSinkProcess): Promise<FlatFigures> {
  const bookings = new BookingRequests(seeded.flatTokens, (index) => seeded.flatSessionIds[index % FLAT_SESSIONS], FLAT_SESSIONS * FLAT_BOOKINGS_PER_SESSION + SPARE);
  const windowSize = FLAT_WINDOW * FLAT_SESSIONS;
  const settledFirst = await mailSettled(sink);
  const first = await bookOnOpenConnections(base, bookings, windowSize);
  const filler = figuresOf(
    await runAutocannon({ url: base, connections: CONNECTIONS, amount: (FLAT_BOOKINGS_PER_SESSION - 2 * FLAT_WINDOW) * FLAT_SESSIONS, requests: bookings.requests() as never }),
  );
  const settledLast = await mailSettled(sink);
  const last = await bookOnOpenConnections(base, bookings, windowSize);
  const figures = {
    sessions: FLAT_SESSIONS,
    bookingsPerSession: FLAT_BOOKINGS_PER_SESSION,
    firstWindow: { perSecond: first.perSecond, medianMs: first.medianMs },
    lastWindow: { perSecond: last.perSecond, medianMs: last.medianMs },
    throughputRatio: last.perSecond / first.perSecond,
    latencyRatio: last.medianMs / first.medianMs,
    non2xx: first.non2xx + filler.non2xx + last.non2xx,
    errors: first.errors + filler.errors + last.errors,
    errorMessages: [...first.errorMessages, ...filler.errorMessages, ...last.errorMessages],
  };
  const described = (window: WindowFigures) =>
    `${window.perSecond.toFixed(0)}/s (median ${window.medianMs.toFixed(0)} ms, p99 ${window.p99Ms.toFixed(0)} ms, max ${window.maxMs.toFixed(0)} ms)`;
  console.log(
    `  flat as ${FLAT_SESSIONS} sessions fill (each window on open connections, after the mail before it was sent: waited ${settledFirst.toFixed(0)} s and ${settledLast.toFixed(0)} s): ` +
      `bookings 1–100 ${described(first)}, 901–1,000 ${described(last)}: throughput ratio ${figures.throughputRatio.toFixed(2)}` +
      `${figures.non2xx + figures.errors ? `  NOT 2xx: ${figures.non2xx}, errors ${figures.errors}; ${[...bookings.failures, ...figures.errorMessages].join(' | ')}` : ''}`,
  );
  return figures;
}

interface WindowFigures {
  perSecond: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  errorMessages: string[];
}

/**
 * `amount` bookings over CONNECTIONS keep-alive connections that are all open, and have each
 * been answered once, before the first booking is sent; every connection books one at a time.
 * The rate counts from the first booking sent to the last answer.
 */
async function bookOnOpenConnections(base: string, bookings: BookingRequests, amount: number): Promise<WindowFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const url = new URL(base);
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest({ agent, host: url.hostname, port: url.port, method, path, headers, timeout: 30_000 }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      request.on('timeout', () => request.destroy(new Error('no answer within 30 s')));
      request.on('error', reject);
      request.end(body);
    });
  try {
    await Promise.all(Array.from({ length: CONNECTIONS }, () => send('GET', '/api/health', {})));
    const latencies: number[] = [];
    const errorMessages: string[] = [];
    let non2xx = 0;
    let sent = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (sent < amount) {
          sent++;
          const { headers, body } = bookings.take();
          const requestedAt = performance.now();
          try {
            const answer = await send('POST', '/api/bookings', headers, body);
            latencies.push(performance.now() - requestedAt);
            bookings.answered(answer.status, answer.body);
            if (answer.status < 200 || answer.status > 299) non2xx++;
          } catch (error) {
            if (errorMessages.length < 5) errorMessages.push(String(error));
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      perSecond: latencies.length / seconds,
      medianMs: median(latencies),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      non2xx,
      errors: amount - latencies.length,
      errorMessages,
    };
  } finally {
    agent.destroy();
  }
}

/** Waits until the SMTP server has received nothing new for 3 s (at most 180 s); returns the seconds waited. */
async function mailSettled(sink: SmtpSinkProcess): Promise<number> {
  const begun = performance.now();
  let seen = await sink.received();
  let quietSince = performance.now();
  while (performance.now() - quietSince < 3_000 && performance.now() - begun < 180_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await sink.received();
    if (now !== seen) {
      seen = now;
      quietSince = performance.now();
    }
  }
  return (performance.now() - begun) / 1000;
}

interface DialectFigures {
  health: LoadFigures;
  bookings: LoadFigures & { ratio: number; poolExhausted: boolean };
  sessionsList: LoadFigures & { ratio: number; catalogue: number };
  flat: FlatFigures;
  mail: { delivered: number };
  loadAverage: { start: number[]; end: number[] };
  failures: string[];
}

async function benchDialect(build: AppBuild, sink: SmtpSinkProcess, dialect: Dialect): Promise<DialectFigures> {
  const database = await createTestDatabase(dialect);
  let app: RunningApp | undefined;
  try {
    const env = { DATABASE_URL: database.url, SMTP_URL: sink.url, MAIL_FROM: 'training@bench.test', PUBLIC_URL: 'http://localhost:3000' };
    // A first start runs the migrations; the data is written while the service is down, so no cache of it can be stale.
    await (await startApp(build, env)).stop();
    const seeded = await seed(database.url, dialect);
    app = await startApp(build, env);
    const start = loadAverage();
    console.log(`  load average at the start: ${start.join(' ')} (${machine().cores} cores); ${CONNECTIONS} connections, ${SECONDS} s a run after ${WARM_UP_SECONDS} s of warm-up`);
    const mailBefore = await sink.received();
    const health = await measure('GET /api/health', app.baseUrl, { path: '/api/health' });
    const bookingRequests = new BookingRequests(seeded.tokens, (index) => seeded.sessionIds[index], POOL);
    const bookings = await measure('POST /api/bookings', app.baseUrl, { path: '/api/bookings', bookings: bookingRequests });
    if (bookingRequests.exhausted) console.log(`  the pool of ${POOL} learners and sessions ran out: the run was cut short (raise BENCH_POOL)`);
    const list = await measure('GET /api/sessions?limit=50', app.baseUrl, { path: '/api/sessions?limit=50', token: seeded.readerToken });
    const flat = await flatAsSessionsFill(app.baseUrl, seeded, sink);
    const delivered = (await sink.received()) - mailBefore;
    console.log(`  mail delivered to the SMTP server during the runs: ${delivered.toLocaleString('en-GB')}`);
    const end = loadAverage();
    console.log(`  load average at the end: ${end.join(' ')}`);
    return {
      health,
      bookings: { ...bookings, ratio: bookings.perSecond / health.perSecond, poolExhausted: bookingRequests.exhausted },
      sessionsList: { ...list, ratio: list.perSecond / health.perSecond, catalogue: seeded.catalogue },
      flat,
      mail: { delivered },
      loadAverage: { start, end },
      failures: bookingRequests.failures,
    };
  } finally {
    await app?.stop();
    await database.drop();
  }
}

interface TargetCheck {
  dialect: Dialect;
  target: string;
  measured: string;
  met: boolean;
  /** How far off: measured over required (higher is better) or required over measured for latency. */
  byHowMuch: string;
}

function checkTargets(dialect: Dialect, figures: DialectFigures): TargetCheck[] {
  const target = TARGETS[dialect];
  const ratio = (measured: number, required: number) => `${((measured / required) * 100).toFixed(0)} % of the target`;
  return [
    {
      dialect,
      target: `bookings >= ${target.bookingsRatio}x health`,
      measured: `${figures.bookings.ratio.toFixed(3)}x (${figures.bookings.perSecond.toFixed(0)}/s against ${figures.health.perSecond.toFixed(0)}/s)`,
      met: figures.bookings.ratio >= target.bookingsRatio,
      byHowMuch: ratio(figures.bookings.ratio, target.bookingsRatio),
    },
    {
      dialect,
      target: `booking p99 < ${target.bookingP99Ms} ms`,
      measured: `${figures.bookings.p99.toFixed(0)} ms`,
      met: figures.bookings.p99 < target.bookingP99Ms,
      byHowMuch: `${(figures.bookings.p99 / target.bookingP99Ms).toFixed(1)}x the limit`,
    },
    {
      dialect,
      target: `GET /api/sessions?limit=50 >= ${target.listRatio}x health`,
      measured: `${figures.sessionsList.ratio.toFixed(3)}x (${figures.sessionsList.perSecond.toFixed(0)}/s)`,
      met: figures.sessionsList.ratio >= target.listRatio,
      byHowMuch: ratio(figures.sessionsList.ratio, target.listRatio),
    },
    {
      dialect,
      target: `flat as sessions fill: bookings 901-1,000 >= ${TARGETS.flatRatio}x the throughput of bookings 1-100`,
      measured: `${figures.flat.throughputRatio.toFixed(2)}x`,
      met: figures.flat.throughputRatio >= TARGETS.flatRatio,
      byHowMuch: ratio(figures.flat.throughputRatio, TARGETS.flatRatio),
    },
  ];
}

/** The issue's table: one row per database, ratios against the same run's health. */
function resultsTable(results: Partial<Record<Dialect, DialectFigures>>): { title: string; columns: string[]; rows: string[][]; notes: string[] } {
  const rows = (Object.entries(results) as Array<[Dialect, DialectFigures]>).map(([dialect, f]) => [
    dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL',
    f.health.perSecond.toFixed(0),
    f.bookings.perSecond.toFixed(0),
    f.bookings.ratio.toFixed(3),
    `${f.bookings.p50.toFixed(0)} ms / ${f.bookings.p99.toFixed(0)} ms`,
    f.sessionsList.perSecond.toFixed(0),
    f.sessionsList.ratio.toFixed(3),
    `${f.sessionsList.p50.toFixed(0)} ms / ${f.sessionsList.p99.toFixed(0)} ms`,
    `${f.flat.firstWindow.perSecond.toFixed(0)}/s → ${f.flat.lastWindow.perSecond.toFixed(0)}/s (${f.flat.throughputRatio.toFixed(2)})`,
    String(notOk(f)),
  ]);
  return {
    title: 'Bookings and the sessions list against the same run\'s GET /api/health',
    columns: ['', 'health/s', 'bookings/s', 'ratio', 'booking p50 / p99', 'list/s', 'ratio', 'list p50 / p99', 'flat: bookings 1–100 → 901–1,000', 'not 2xx'],
    rows,
    notes: [
      `${CONNECTIONS} connections, ${SECONDS} s a run after ${WARM_UP_SECONDS} s of warm-up; every booking a new learner and a new session; the service, autocannon and the SMTP sink on the same cores.`,
      `The sessions list runs over the whole catalogue: ${(POOL + CONNECTIONS * 4 + FLAT_SESSIONS).toLocaleString('en-GB')} sessions (the booking run's pool).`,
      `Flat: ${FLAT_SESSIONS} sessions of ${FLAT_BOOKINGS_PER_SESSION.toLocaleString('en-GB')} seats booked in turns; bookings per second of each session's first 100 against its 901st to 1,000th.`,
    ],
  };
}

function notOk(f: DialectFigures): number {
  return [f.health, f.bookings, f.sessionsList, f.flat].reduce((sum, run) => sum + run.non2xx + run.errors, 0);
}

function printTable(table: { columns: string[]; rows: string[][] }): void {
  const rows = [table.columns, ...table.rows];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  console.log('');
  for (const row of rows) console.log(`| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`);
}

async function main(): Promise<void> {
  const which = dialects(process.argv[2]);
  const start = loadAverage();
  console.log(`booking benchmark: ${JSON.stringify(machine())}; load average ${start.join(' ')}`);
  const build = buildApp();
  const sink = await startSmtpSink();
  const results: Partial<Record<Dialect, DialectFigures>> = {};
  const crashed: Partial<Record<Dialect, string>> = {};
  try {
    for (const dialect of which) {
      console.log(`\n${dialect}:`);
      try {
        results[dialect] = await benchDialect(build, sink, dialect);
      } catch (error) {
        // The other database still runs; the run fails at the end.
        console.error(error);
        crashed[dialect] = error instanceof Error ? error.message : String(error);
      }
    }
  } finally {
    await sink.stop();
    build.remove();
  }
  const table = resultsTable(results);
  printTable(table);
  const targets = (Object.entries(results) as Array<[Dialect, DialectFigures]>).flatMap(([dialect, figures]) => checkTargets(dialect, figures));
  console.log('\ntargets (issue 12, point 1):');
  for (const check of targets) console.log(`  ${check.met ? 'met   ' : 'MISSED'} ${check.dialect.padEnd(8)} ${check.target}: ${check.measured}${check.met ? '' : `, ${check.byHowMuch}`}`);
  const end = loadAverage();
  console.log(`load average at the end: ${end.join(' ')}`);
  writeResult(process.env.BENCH_RESULT_NAME ?? 'booking', {
    app: build.source,
    settings: { connections: CONNECTIONS, seconds: SECONDS, warmUpSeconds: WARM_UP_SECONDS, pool: POOL, flatSessions: FLAT_SESSIONS, flatBookingsPerSession: FLAT_BOOKINGS_PER_SESSION },
    loadAverage: { start, end },
    results,
    crashed,
    targets,
    tables: [
      table,
      {
        title: 'Targets (issue 12, point 1)',
        columns: ['database', 'target', 'measured', 'met', 'by how much'],
        rows: targets.map((check) => [check.dialect, check.target, check.measured, check.met ? 'met' : 'MISSED', check.met ? '' : check.byHowMuch]),
      },
    ],
  });
  if (Object.keys(crashed).length > 0) throw new Error(`FAILED: the run on ${Object.keys(crashed).join(' and ')} did not finish`);
  const failed = (Object.entries(results) as Array<[Dialect, DialectFigures]>).filter(([, f]) => notOk(f) > 0);
  if (failed.length > 0) {
    for (const [dialect, f] of failed) console.error(`${dialect}: answers that were not 2xx (or failed): ${f.failures.join(' | ') || 'see the counts above'}`);
    throw new Error('FAILED: some answers were not 2xx; the figures above do not measure what they claim');
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
