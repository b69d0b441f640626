/**
 * Where a booking's CPU time goes: the booking benchmark's load (50 connections, every request a
 * new learner and session) against the service started with `--cpu-prof`, then the profile's
 * samples summed by where their code lives, as milliseconds of CPU per booking.
 *
 *   npm run bench:profile                # SQLite
 *   npm run bench:profile -- postgres
 *   npm run bench:profile -- postgres list   # GET /api/sessions?limit=50 instead, per request
 *   npm run bench:profile -- sqlite health   # GET /api/health, the ceiling the targets are taken against
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../support/test-database';
import { buildApp, loadAverage, machine, startApp, startSmtpSink, writeResult } from './bench-kit';
import { BookingRequests, load, seed, Seeded } from './booking.bench';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const POOL = Number(process.env.BENCH_POOL ?? 20_000);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives, coarsely: the parts the profile named. */
function categoryOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)' || functionName === '(program)') return functionName;
  if (/node_modules\/typeorm\//.test(url)) return 'TypeORM';
  if (/node_modules\/(better-sqlite3|pg|pg-protocol|pg-pool)\//.test(url)) return 'database driver';
  if (/node_modules\/(express|router|body-parser|raw-body|helmet|cookie-parser|qs|send|finalhandler|on-finished|path-to-regexp)\//.test(url)) return 'Express and its middleware';
  if (/node_modules\/@nestjs\//.test(url)) return 'Nest pipeline';
  if (/node_modules\/(class-validator|class-transformer|validator)\//.test(url)) return 'validation (class-validator)';
  if (/node_modules\/(pino|pino-http|sonic-boom|nestjs-pino|fast-redact)\//.test(url)) return 'request logging (pino)';
  if (/node_modules\/(nodemailer|smtp-server)\//.test(url)) return 'mail sending (nodemailer)';
  if (/node_modules\/(ical-generator|luxon|@touch4it)\//.test(url)) return 'mail and invitation rendering';
  if (/dist\/notifications\//.test(url)) return 'mail and invitation rendering';
  if (/dist\//.test(url)) return 'service code (dist/)';
  if (/node_modules\//.test(url)) return 'other packages';
  if (url.startsWith('node:') || url === '') return 'Node.js core (HTTP, streams, crypto, timers)';
  return 'other';
}

/** The routes that can be profiled: what one request is called, and the load that sends it. */
const ROUTES = {
  booking: {
    unit: 'booking',
    load: (base: string, seeded: Seeded) =>
      load(base, { path: '/api/bookings', bookings: new BookingRequests(seeded.tokens, (index) => seeded.sessionIds[index], POOL), seconds: SECONDS }),
  },
  list: { unit: 'list request', load: (base: string, seeded: Seeded) => load(base, { path: '/api/sessions?limit=50', token: seeded.readerToken, seconds: SECONDS }) },
  health: { unit: 'health check', load: (base: string) => load(base, { path: '/api/health', seconds: SECONDS }) },
};

async function main(): Promise<void> {
  const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
  const route = process.argv.includes('list') ? 'list' : process.argv.includes('health') ? 'health' : 'booking';
  const { unit } = ROUTES[route];
  const build = buildApp();
  const sink = await startSmtpSink();
  const database = await createTestDatabase(dialect);
  const profileDir = mkdtempSync(join(tmpdir(), 'tt-profile-'));
  try {
    const env = { DATABASE_URL: database.url, SMTP_URL: sink.url, MAIL_FROM: 'training@bench.test', PUBLIC_URL: 'http://localhost:3000' };
    await (await startApp(build, env)).stop();
    const seeded = await seed(database.url, dialect, { pool: POOL, flatSessions: 0 });
    const app = await startApp(build, env, { nodeOptions: `--cpu-prof --cpu-prof-dir=${profileDir}` });
    const start = loadAverage();
    const figures = await ROUTES[route].load(app.baseUrl, seeded);
    await app.stop();
    const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('the service wrote no CPU profile');
    const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const microseconds = new Map<string, number>();
    const byFunction = new Map<string, number>();
    profile.samples.forEach((id, index) => {
      const frame = byId.get(id)!.callFrame;
      const category = categoryOf(frame);
      const delta = profile.timeDeltas[index] ?? 0;
      microseconds.set(category, (microseconds.get(category) ?? 0) + delta);
      const where = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}`;
      byFunction.set(where, (byFunction.get(where) ?? 0) + delta);
    });
    const requests = figures.requests;
    const rows = [...microseconds.entries()]
      .filter(([category]) => category !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .map(([category, us]) => ({ category, msPerRequest: us / 1000 / requests }));
    // The profile covers start-up and shutdown too; they are small beside a 12 s load but not nothing.
    console.log(`${dialect}: ${requests} ${unit}s in ${SECONDS} s (${figures.perSecond.toFixed(0)}/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms); load average ${start.join(' ')}`);
    console.log(`CPU per ${unit}, by where the code lives (self time, whole process life):`);
    for (const row of rows) console.log(`  ${row.category.padEnd(48)} ${row.msPerRequest.toFixed(3).padStart(7)} ms`);
    const total = rows.filter((row) => row.category !== '(program)').reduce((sum, row) => sum + row.msPerRequest, 0);
    console.log(`  ${'total (without (program))'.padEnd(48)} ${total.toFixed(3).padStart(7)} ms`);
    const topFunctions = [...byFunction.entries()]
      .filter(([where]) => !where.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([where, us]) => ({ where, msPerRequest: us / 1000 / requests }));
    console.log('the 25 functions with the most self time:');
    for (const row of topFunctions) console.log(`  ${row.msPerRequest.toFixed(3).padStart(7)} ms  ${row.where}`);
    writeResult(`${route}-profile-${dialect}`, { machine: machine(), requests, perSecond: figures.perSecond, p50: figures.p50, p99: figures.p99, loadAverage: start, rows, total, topFunctions });
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
    await database.drop();
    await sink.stop();
    build.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
