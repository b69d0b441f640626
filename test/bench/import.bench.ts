/**
 * The people CSV import under load (issue 14, points 15 and 16): while an admin imports a large
 * file, does the service keep answering, and how much memory does the import add?
 *
 *   npm run bench:import                 # temporary SQLite file
 *   npm run bench:import -- postgres     # scratch PostgreSQL database (PG_ADMIN_URL), dropped afterwards
 *   BENCH_ROWS=20000 npm run bench:import   # a smaller first file
 *
 * The service runs as production runs it (src/main.ts, its own process, a fresh one for each
 * scenario on the same database); a client process uploads each file and meanwhile asks for
 * GET /api/health and GET /api/people/me (a read of the person table through the database's read
 * queue; a list with its count would itself cost milliseconds at 150,000 people) every 10 ms. A small
 * probe loaded into the service (NODE_OPTIONS=--require) samples its memory every 5 ms from just
 * before the upload to the answer, after a full garbage collection. Scenarios, in order:
 *   1. a file of BENCH_ROWS (50,000) new people;
 *   2. a 10 MB file of new people (147,000 rows, like the review's file of 149,239);
 *   3. the same 10 MB file again: every line unchanged;
 *   4. a dry run of the 10 MB file with every line changed (the preview);
 *   5. the 10 MB file with every line changed (147,000 updates).
 * Printed for each: rows, import duration, health and read p50/p99/max during the import, the
 * service's own event-loop delay, and the peak resident memory and heap the import added to the
 * service. Asserts only the counts. Timings depend on what else the machine runs: the load
 * average is printed first.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource, dataSourceOptions, runPendingMigrations } from '../../src/database/data-source-options';
import { makeOrganisation, makeSignedIn } from '../factories';
import { startAppProcess, AppProcess } from '../support/app-process';
import { createTestDatabase } from '../support/test-database';
import { loadAverage, writeResult } from './bench-kit';

const dialect = process.argv[2] === 'postgres' || process.env.BENCH_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const TEN_MB = 10 * 1024 * 1024;
const HEADER = 'name,email,organisation,team,jobTitle,newlyQualified';
const ORGANISATIONS = ['NAHSCP', 'EAHSCP', 'SAHSCP'];

/**
 * A row the size of the review's (71 bytes: its 10 MB file had 149,239). `team` is "Team" or,
 * to change every line of a file, "Unit" (the same length, so the file stays within 10 MB).
 */
function row(prefix: string, i: number, team: 'Team' | 'Unit'): string {
  return `Ailsa Boyd-Kerr ${i},${prefix}${i}@example.nhs.uk,${ORGANISATIONS[i % 3]},${team} ${i % 9},${i % 2 ? 'Social worker' : ''},${i % 5 ? 'no' : 'yes'}`;
}

/** The file with as many rows as fit in `maxBytes` (or `rows` of them). */
function csvFile(prefix: string, limit: { rows?: number; maxBytes?: number }, team: 'Team' | 'Unit'): { text: string; rows: number } {
  const lines = [HEADER];
  let bytes = HEADER.length + 1;
  for (let i = 0; limit.rows === undefined || i < limit.rows; i++) {
    const line = row(prefix, i, team);
    if (limit.maxBytes !== undefined && bytes + line.length + 1 > limit.maxBytes) break;
    lines.push(line);
    bytes += line.length + 1;
  }
  return { text: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}

/** Runs in the client process: uploads the file while timing health checks and reads every 10 ms. */
const CLIENT = String.raw`
const { readFileSync } = require('node:fs');
const [base, token, file, query] = process.argv.slice(1);
const auth = { Authorization: 'Bearer ' + token };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let importing = true;
async function probe(path, headers, into) {
  while (importing) {
    const started = performance.now();
    const res = await fetch(base + path, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(path + ' answered ' + res.status);
    into.push(performance.now() - started);
    await sleep(10);
  }
}
(async () => {
  const body = readFileSync(file);
  const health = [], reads = [];
  const probes = [probe('/api/health', {}, health), probe('/api/people/me', auth, reads)];
  const started = performance.now();
  const res = await fetch(base + '/api/people/import' + query, { method: 'POST', headers: { ...auth, 'Content-Type': 'text/csv' }, body });
  const answer = await res.json();
  const duration = performance.now() - started;
  importing = false;
  await Promise.all(probes);
  process.stdout.write(JSON.stringify({ status: res.status, answer, duration, health, reads }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

interface ClientReport {
  status: number;
  answer: { created?: number; updated?: number; unchanged?: number; lines?: unknown[]; detail?: string };
  duration: number;
  health: number[];
  reads: number[];
}

function runClient(base: string, token: string, file: string, query: string): Promise<ClientReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CLIENT, base, token, file, query], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ClientReport) : reject(new Error(`client exited with ${code}`))));
  });
}

/**
 * Loaded into the service: on the first SIGWINCH (the service's shutdown hooks take SIGUSR2, and
 * Node keeps SIGUSR1 for the inspector) it collects garbage and takes the memory as the
 * baseline, then samples every 5 ms and watches the event loop's delay; on the second it prints
 * the peaks above the baseline (the resident peak also from Linux's VmHWM, reset at the
 * baseline, which no sampling can miss) and the delays. A delay the service's own loop did not
 * see but the client did is the machine's (other processes on the same cores).
 */
const MEMORY_PROBE = String.raw`
const { readFileSync, writeFileSync } = require('node:fs');
const { monitorEventLoopDelay } = require('node:perf_hooks');
require('node:v8').setFlagsFromString('--expose-gc');
const collectGarbage = require('node:vm').runInNewContext('gc');
const highWaterMark = () => { try { return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024; } catch { return 0; } };
let baseline = null, rss = 0, heap = 0, loop = null;
setInterval(() => {
  if (!baseline) return;
  const now = process.memoryUsage();
  rss = Math.max(rss, now.rss);
  heap = Math.max(heap, now.heapUsed);
}, 5).unref();
process.on('SIGWINCH', () => {
  if (!baseline) {
    collectGarbage();
    baseline = process.memoryUsage();
    rss = baseline.rss;
    heap = baseline.heapUsed;
    let resettable = true;
    try { writeFileSync('/proc/self/clear_refs', '5'); } catch { resettable = false; }
    loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    process.stdout.write('memory-probe:' + JSON.stringify({ started: true, resettable }) + '\n');
  } else {
    const peakRss = Math.max(rss, highWaterMark());
    loop.disable();
    const delay = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
    process.stdout.write('memory-probe:' + JSON.stringify({ rss: peakRss - baseline.rss, heap: heap - baseline.heapUsed, ...delay }) + '\n');
    baseline = null;
  }
});
`;

/** Signals the probe and waits for its next line. */
async function probe(app: AppProcess, seen: number): Promise<Record<string, number | boolean>> {
  app.child.kill('SIGWINCH');
  for (let waited = 0; waited < 30_000; waited += 20) {
    const lines = app.output().split('\n').filter((line) => line.startsWith('memory-probe:'));
    if (lines.length > seen) return JSON.parse(lines[seen].slice('memory-probe:'.length)) as Record<string, number | boolean>;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the memory probe did not answer:\n${app.output()}`);
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
function percentiles(values: number[]): string {
  if (values.length === 0) return 'no answers';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return `p50 ${ms(at(0.5))}, p99 ${ms(at(0.99))}, max ${ms(sorted[sorted.length - 1])} (${values.length} requests)`;
}

async function main(): Promise<void> {
  const database = await createTestDatabase(dialect);
  const dir = mkdtempSync(join(tmpdir(), 'tt-import-bench-'));
  try {
    const seeding = await createDataSource(dataSourceOptions(database.url)).initialize();
    await runPendingMigrations(seeding);
    const organisations = await Promise.all(ORGANISATIONS.map((code) => makeOrganisation(seeding, { code })));
    const admin = await makeSignedIn(seeding, organisations[0].id, ['admin']);
    await seeding.destroy();
    const probeFile = join(dir, 'memory-probe.js');
    writeFileSync(probeFile, MEMORY_PROBE);

    const first = csvFile('ft.', { rows: ROWS }, 'Team');
    const large = csvFile('lg.', { maxBytes: TEN_MB }, 'Team');
    const changed = csvFile('lg.', { rows: large.rows }, 'Unit');
    const scenarios = [
      { name: `${first.rows.toLocaleString('en-GB')} new people`, file: first, query: '', expect: { created: first.rows } },
      { name: `10 MB file: ${large.rows.toLocaleString('en-GB')} new people`, file: large, query: '', expect: { created: large.rows } },
      { name: 'the same 10 MB file again (unchanged)', file: large, query: '', expect: { unchanged: large.rows } },
      { name: 'dry run of the 10 MB file, every line changed', file: changed, query: '?dryRun=true&limit=500', expect: { updated: large.rows } },
      { name: 'the 10 MB file, every line changed', file: changed, query: '', expect: { updated: changed.rows } },
    ];

    console.log(`people import benchmark on ${dialect}; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const loadAverageAtStart = loadAverage();
    const rows: string[][] = [];
    for (const scenario of scenarios) {
      const file = join(dir, 'people.csv');
      writeFileSync(file, scenario.file.text);
      const app = await startAppProcess({
        DATABASE_URL: database.url,
        MAIL_DIR: join(dir, 'mail'),
        LOG_LEVEL: 'warn',
        NODE_OPTIONS: `--require ${probeFile}`,
      });
      try {
        const started = await probe(app, 0);
        const report = await runClient(app.baseUrl, admin.token, file, scenario.query);
        const memory = await probe(app, 1);
        for (const [key, value] of Object.entries(scenario.expect)) {
          if (report.status !== 200 || report.answer[key as keyof typeof report.answer] !== value) {
            throw new Error(`${scenario.name}: expected ${key} ${value}, got ${report.status} ${JSON.stringify(report.answer).slice(0, 300)}`);
          }
        }
        console.log(`\n${scenario.name} (${mb(Buffer.byteLength(scenario.file.text))})`);
        console.log(`  import:        ${ms(report.duration)}, answered ${JSON.stringify({ ...report.answer, lines: undefined })}`);
        console.log(`  health check:  ${percentiles(report.health)}`);
        console.log(`  person read:   ${percentiles(report.reads)}`);
        console.log(`  event loop:    delay p50 ${ms(memory.p50 as number)}, p99 ${ms(memory.p99 as number)}, max ${ms(memory.max as number)} (in the service)`);
        console.log(
          `  memory added:  peak RSS +${mb(memory.rss as number)}${started.resettable ? '' : ' (sampled)'}, peak heap +${mb(memory.heap as number)}`,
        );
        rows.push([scenario.name, ms(report.duration), percentiles(report.health), percentiles(report.reads), ms(memory.p99 as number), `+${mb(memory.rss as number)}`, `+${mb(memory.heap as number)}`]);
      } catch (error) {
        console.error(app.output());
        throw error;
      } finally {
        app.child.kill('SIGTERM');
        await app.exited;
      }
    }
    writeResult(`import-${dialect}`, {
      loadAverage: { start: loadAverageAtStart, end: loadAverage() },
      settings: { rows: ROWS },
      tables: [
        {
          title: `People CSV import against the service as its own process, ${dialect}`,
          columns: ['scenario', 'import', 'health check meanwhile', 'person read meanwhile', 'event-loop delay p99', 'peak RSS added', 'peak heap added'],
          rows,
        },
      ],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
