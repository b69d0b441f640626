/**
 * What the load benchmarks share: the service built as production runs it (`nest build`, then
 * `node dist/main.js` as its own process), an SMTP sink in a child process, databases, autocannon
 * runs, the machine's description and the JSON results under test/bench/results/.
 *
 * Which build is measured (one build serves every run of a benchmark):
 *   BENCH_APP_DIST=/path/to/build    a folder already built (holding dist/main.js and node_modules),
 *                                    described in the results as BENCH_APP_LABEL (default: the path)
 *   BENCH_APP_SOURCE=HEAD            the committed HEAD (or any commit), exported with git archive
 *   (neither)                        the working tree as it is now
 * The build is made in a private folder under the system's temp folder, never in dist/.
 */
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync, closeSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const RESULTS_DIR = join(__dirname, 'results');

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The 1, 5 and 15 minute load averages, rounded: the machine is shared, so every run prints them. */
export function loadAverage(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}

/** Writes test/bench/results/<name>.json with the date and the machine beside the figures. */
export function writeResult(name: string, figures: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ benchmark: name, date: new Date().toISOString(), machine: machine(), ...figures }, null, 2)}\n`);
  console.log(`results written to ${file}`);
  return file;
}

export interface AppBuild {
  /** The folder holding dist/ and a node_modules link: the service's working directory. */
  root: string;
  /** What was built: "working tree", a commit, or the folder given. */
  source: string;
  remove(): void;
}

/** Builds the service once (see the file's comment for which source). */
export function buildApp(): AppBuild {
  const given = process.env.BENCH_APP_DIST;
  if (given) return { root: given, source: process.env.BENCH_APP_LABEL ?? given, remove: () => undefined };
  const root = mkdtempSync(join(tmpdir(), 'tt-bench-build-'));
  const commit = process.env.BENCH_APP_SOURCE;
  const files = ['src', 'nest-cli.json', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
  let source: string;
  if (commit) {
    source = execFileSync('git', ['rev-parse', '--short', commit], { cwd: REPO_ROOT }).toString().trim();
    const archive = execFileSync('git', ['archive', commit, ...files], { cwd: REPO_ROOT, maxBuffer: 512 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', root], { input: archive });
  } else {
    source = `working tree at ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT }).toString().trim()}`;
    for (const file of files) cpSync(join(REPO_ROOT, file), join(root, file), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  const started = Date.now();
  console.log(`building the service (${source}) in ${root} …`);
  execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'nest'), ['build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { root, source, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Child processes still running: killed if this process exits first (an error, Ctrl-C). */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export interface RunningApp {
  baseUrl: string;
  child: ChildProcess;
  /** Milliseconds from spawning the process to the first 200 from /api/health. */
  startMs: number;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * A free port below Linux's ephemeral range (32768 and up), so no other process's listen(0) on
 * this shared machine can take it between this check and the service's start.
 */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise((resolve) => server.close(resolve));
      return port;
    }
  }
}

/**
 * Starts `node dist/main.js` with the given environment (the production defaults otherwise, so
 * request logging costs what it costs in production); its output goes to a file, not through
 * this process. Resolves once /api/health answers 200, polled every 5 ms.
 */
export async function startApp(build: AppBuild, env: Record<string, string>, options: { nodeOptions?: string } = {}): Promise<RunningApp> {
  const port = await freePort();
  const logDir = mkdtempSync(join(tmpdir(), 'tt-bench-log-'));
  const logFile = join(logDir, 'app.log');
  const log = openSync(logFile, 'a');
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeOptions ? options.nodeOptions.split(' ') : []), join('dist', 'main.js')], {
    cwd: build.root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  track(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const output = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '');
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited during start-up:\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`the service did not answer /api/health within 120 s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const startMs = performance.now() - started;
  return {
    baseUrl,
    child,
    startMs,
    logFile,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

/** Accepts every message and counts it, without parsing: the SMTP server's cost stays small. */
const SMTP_SINK = String.raw`
const { SMTPServer } = require('smtp-server');
let received = 0;
const server = new SMTPServer({
  authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false, closeTimeout: 100,
  onData(stream, session, callback) { stream.on('data', () => {}); stream.on('end', () => { received++; callback(); }); },
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.server.address().port }));
process.on('message', (message) => {
  if (message === 'count') process.send({ received });
  if (message === 'stop') server.close(() => process.exit(0));
});
`;

export interface SmtpSinkProcess {
  url: string;
  received(): Promise<number>;
  stop(): Promise<void>;
}

/** A real SMTP server (smtp-server) in its own process, so the mail the service sends is delivered. */
export async function startSmtpSink(): Promise<SmtpSinkProcess> {
  const child = spawn(process.execPath, ['-e', SMTP_SINK], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  track(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the SMTP sink exited with ${code}`)));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () =>
      new Promise((resolve) => {
        child.once('message', (message: { received: number }) => resolve(message.received));
        child.send('count');
      }),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

export interface LoadFigures {
  /** 2xx answers per second over the measured run. */
  perSecond: number;
  requests: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  errorMessages: string[];
}

export function figuresOf(result: autocannon.Result): LoadFigures {
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (stats as { count: number }).count;
  return {
    perSecond: result['2xx'] / result.duration,
    requests: result['2xx'],
    seconds: result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    errorMessages: errorSamples.get(result) ?? [],
  };
}

/** Failed requests' messages (timeouts, resets), the first few distinct ones, by run. */
const errorSamples = new WeakMap<autocannon.Result, string[]>();

export function runAutocannon(options: autocannon.Options, onInstance?: (instance: autocannon.Instance) => void): Promise<autocannon.Result> {
  const samples: string[] = [];
  return new Promise((resolve, reject) => {
    // A request still unanswered after 30 s counts as an error (autocannon's default is 10 s; the machine is shared).
    const instance = autocannon({ timeout: 30, ...options }, (error, result) => {
      if (error) return reject(error);
      errorSamples.set(result, samples);
      resolve(result);
    });
    instance.on('reqError', (error: Error) => {
      if (samples.length < 5 && !samples.includes(error.message)) samples.push(error.message);
    });
    onInstance?.(instance);
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const dialects = (argument: string | undefined): Array<'sqlite' | 'postgres'> =>
  argument === 'sqlite' || argument === 'postgres' ? [argument] : ['sqlite', 'postgres'];
