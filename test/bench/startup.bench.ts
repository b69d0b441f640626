/**
 * Cold start and memory at rest (issue 12, point 10), the service as production runs it
 * (`node dist/main.js`, its own process) on a migrated database holding the booking benchmark's
 * data, mail going to an SMTP server in a child process.
 *
 *   npm run bench:startup                  # SQLite (temp file), then PostgreSQL (fresh database, dropped)
 *   npm run bench:startup -- postgres      # one database
 *   BENCH_STARTS=9 npm run bench:startup
 *
 * Cold start: from spawning the process to the first 200 from GET /api/health (polled every
 * 5 ms), BENCH_STARTS times (default 5), the median and the range. Memory: RSS and V8 heap read
 * inside the service by a probe preloaded with --require (after a full garbage collection, so the
 * heap is what stays in use): 5 s after start-up, then after a warm-up load (bookings, the
 * sessions list, health: 5 s each at 50 connections) and 10 s idle. Writes
 * test/bench/results/startup.json. Asserts nothing about time or size.
 */
import { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../support/test-database';
import { BookingRequests, seed } from './booking.bench';
import { AppBuild, buildApp, dialects, figuresOf, loadAverage, machine, median, runAutocannon, startApp, startSmtpSink, writeResult } from './bench-kit';

type Dialect = 'sqlite' | 'postgres';

const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const WARM_UP_SECONDS = 5;
const IDLE_SECONDS = 10;

/** Loaded into the service: on SIGWINCH, collects garbage and appends its memory to BENCH_PROBE_FILE. */
const MEMORY_PROBE = String.raw`
const { appendFileSync } = require('node:fs');
require('node:v8').setFlagsFromString('--expose-gc');
const collectGarbage = require('node:vm').runInNewContext('gc');
process.on('SIGWINCH', () => {
  collectGarbage();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  appendFileSync(process.env.BENCH_PROBE_FILE, JSON.stringify({ rss, heapUsed, heapTotal, external }) + '\n');
});
`;

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function readProbe(child: ChildProcess, file: string, seen: number): Promise<Memory> {
  child.kill('SIGWINCH');
  for (let waited = 0; waited < 30_000; waited += 20) {
    const lines = (() => {
      try {
        return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
      } catch {
        return [];
      }
    })();
    if (lines.length > seen) return JSON.parse(lines[seen]) as Memory;
    await sleep(0.02);
  }
  throw new Error('the memory probe did not answer');
}

async function benchDialect(build: AppBuild, smtpUrl: string, dialect: Dialect, probeDir: string) {
  const database = await createTestDatabase(dialect);
  try {
    const env = { DATABASE_URL: database.url, SMTP_URL: smtpUrl, MAIL_FROM: 'training@bench.test', PUBLIC_URL: 'http://localhost:3000' };
    const first = await startApp(build, env);
    await first.stop();
    console.log(`  first start (creates the schema): ${first.startMs.toFixed(0)} ms`);
    const seeded = await seed(database.url, dialect, { pool: 20_000, flatSessions: 0 });
    const starts: number[] = [];
    for (let run = 0; run < STARTS; run++) {
      const app = await startApp(build, env);
      starts.push(app.startMs);
      await app.stop();
    }
    const coldStart = { medianMs: median(starts), minMs: Math.min(...starts), maxMs: Math.max(...starts), runs: starts };
    console.log(`  cold start to the first 200 from /api/health: median ${coldStart.medianMs.toFixed(0)} ms (${starts.map((ms) => ms.toFixed(0)).join(', ')})`);

    const probeFile = join(probeDir, `${dialect}.jsonl`);
    const app = await startApp(build, { ...env, NODE_OPTIONS: `--require ${join(probeDir, 'memory-probe.js')}`, BENCH_PROBE_FILE: probeFile });
    try {
      await sleep(5);
      const afterStart = await readProbe(app.child, probeFile, 0);
      const bookings = new BookingRequests(seeded.tokens, (index) => seeded.sessionIds[index], seeded.tokens.length - 200);
      const warmUp = [
        figuresOf(await runAutocannon({ url: app.baseUrl, connections: 50, duration: WARM_UP_SECONDS, requests: bookings.requests() as never }, (i) => bookings.attach(i))),
        figuresOf(
          await runAutocannon({ url: `${app.baseUrl}/api/sessions?limit=50`, connections: 50, duration: WARM_UP_SECONDS, headers: { authorization: `Bearer ${seeded.readerToken}` } }),
        ),
        figuresOf(await runAutocannon({ url: `${app.baseUrl}/api/health`, connections: 50, duration: WARM_UP_SECONDS })),
      ];
      await sleep(IDLE_SECONDS);
      const afterLoad = await readProbe(app.child, probeFile, 1);
      console.log(`  memory after start-up:            RSS ${mb(afterStart.rss)}, heap in use ${mb(afterStart.heapUsed)} of ${mb(afterStart.heapTotal)}`);
      console.log(
        `  memory after a warm-up load, idle: RSS ${mb(afterLoad.rss)}, heap in use ${mb(afterLoad.heapUsed)} of ${mb(afterLoad.heapTotal)} ` +
          `(warm-up: ${warmUp.map((f) => `${f.requests} answers`).join(', ')})`,
      );
      const notOk = warmUp.reduce((sum, f) => sum + f.non2xx + f.errors, 0);
      if (notOk > 0) throw new Error(`the warm-up load had ${notOk} answers that were not 2xx: ${bookings.failures.join(' | ')}`);
      return { coldStart, memory: { afterStart, afterLoad }, warmUpAnswers: warmUp.map((f) => f.requests) };
    } finally {
      await app.stop();
    }
  } finally {
    await database.drop();
  }
}

async function main(): Promise<void> {
  const start = loadAverage();
  console.log(`cold start and memory at rest: ${JSON.stringify(machine())}; load average ${start.join(' ')}`);
  const build = buildApp();
  const sink = await startSmtpSink();
  const probeDir = mkdtempSync(join(tmpdir(), 'tt-bench-probe-'));
  writeFileSync(join(probeDir, 'memory-probe.js'), MEMORY_PROBE);
  const results: Record<string, unknown> = {};
  try {
    for (const dialect of dialects(process.argv[2])) {
      console.log(`\n${dialect}:`);
      results[dialect] = await benchDialect(build, sink.url, dialect, probeDir);
    }
  } finally {
    await sink.stop();
    build.remove();
    rmSync(probeDir, { recursive: true, force: true });
  }
  const end = loadAverage();
  console.log(`load average at the end: ${end.join(' ')}`);
  writeResult('startup', { app: build.source, settings: { starts: STARTS, warmUpSeconds: WARM_UP_SECONDS, idleSeconds: IDLE_SECONDS }, loadAverage: { start, end }, results });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
