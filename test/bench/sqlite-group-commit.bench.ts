/**
 * SQLite group commit (src/database/transactions.ts, docs/decisions/2026-12-02-sqlite-group-commit.md):
 * K clients each run small write units (insert one row) back to back on a WAL file with
 * synchronous=FULL, through the service's data source options, side by side in one run:
 *
 * - one at a time: each unit its own transaction, queued as the service did before group commit;
 * - group commit with several caps on the group size.
 *
 * One more client reads meanwhile (through Transactions.read), to show what a group's length costs
 * a read waiting behind it.
 *
 *   npx ts-node test/bench/sqlite-group-commit.bench.ts              # 4 s per run
 *   npx ts-node test/bench/sqlite-group-commit.bench.ts 2            # 2 s per run
 *
 * Prints a table and writes test/bench/results/sqlite-group-commit.json; asserts nothing about time.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntityManager, EntitySchema, Logger } from 'typeorm';
import { createDataSource, dataSourceOptions } from '../../src/database/data-source-options';
import { MAX_GROUP_SIZE, Transactions } from '../../src/database/transactions';

const secondsPerRun = Number(process.argv[2] ?? 4);
const workDir = mkdtempSync(join(tmpdir(), 'tt-bench-group-commit-'));
let fileNumber = 0;

interface Item {
  id?: number;
  value: string;
}

const ItemSchema = new EntitySchema<Item>({
  name: 'Item',
  tableName: 'item',
  columns: { id: { type: 'integer', primary: true, generated: 'increment' }, value: { type: 'text' } },
});

/** Counts the COMMITs the shared connection runs. */
class CommitCounter implements Logger {
  commits = 0;
  logQuery(query: string): void {
    if (query === 'COMMIT') this.commits++;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** The service's Transactions with another cap on the group size. */
class CappedTransactions extends Transactions {
  protected override readonly maxGroupSize: number;
  constructor(dataSource: DataSource, maxGroupSize: number) {
    super(dataSource);
    this.maxGroupSize = maxGroupSize;
  }
}

type Unit = (manager: EntityManager) => Promise<unknown>;

interface WritesAndReads {
  run(work: Unit): Promise<unknown>;
  read(work: Unit): Promise<unknown>;
}

/** Before group commit: each unit its own transaction, queued with the reads on the shared connection. */
function oneAtATime(dataSource: DataSource): WritesAndReads {
  let tail: Promise<unknown> = Promise.resolve();
  const queue = (work: () => Promise<unknown>) => {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  };
  return {
    run: (work) => queue(() => dataSource.transaction(work)),
    read: (work) => queue(() => work(dataSource.manager)),
  };
}

interface RunFigures {
  mode: string;
  clients: number;
  maxGroupSize: number | null;
  units: number;
  unitsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  unitsPerCommit: number;
  reads: number;
  readP99Ms: number;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function measure(clients: number, maxGroupSize: number | null): Promise<RunFigures> {
  const counter = new CommitCounter();
  const file = join(workDir, `bench-${fileNumber++}.sqlite`);
  const dataSource = createDataSource({ ...dataSourceOptions(`sqlite:${file}`), entities: [ItemSchema], migrations: [], synchronize: true, logger: counter });
  await dataSource.initialize();
  const transactions: WritesAndReads = maxGroupSize === null ? oneAtATime(dataSource) : new CappedTransactions(dataSource, maxGroupSize);

  const latencies: number[] = [];
  const readLatencies: number[] = [];
  const deadline = performance.now() + secondsPerRun * 1000;
  let written = 0;
  // A client's next unit arrives on a later event-loop turn, as a request does; its latency counts
  // from there, so it includes waiting for the loop while other units run.
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  const client = async (id: number) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const started = performance.now();
      await nextTurn();
      await transactions.run((manager) => manager.insert(ItemSchema, { value: `client ${id} unit ${n}` }));
      latencies.push(performance.now() - started);
      written++;
    }
  };
  const reader = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      await nextTurn();
      await transactions.read((manager) => manager.findOneBy(ItemSchema, { id: written }));
      readLatencies.push(performance.now() - started);
    }
  };
  counter.commits = 0;
  const started = performance.now();
  await Promise.all([...Array.from({ length: clients }, (_, id) => client(id)), reader()]);
  const elapsedSeconds = (performance.now() - started) / 1000;

  const rows = await dataSource.getRepository(ItemSchema).count();
  await dataSource.destroy();
  if (rows !== latencies.length) throw new Error(`${rows} rows committed, ${latencies.length} units answered`);
  latencies.sort((a, b) => a - b);
  readLatencies.sort((a, b) => a - b);
  return {
    mode: maxGroupSize === null ? 'one at a time' : 'group commit',
    clients,
    maxGroupSize,
    units: latencies.length,
    unitsPerSecond: Math.round(latencies.length / elapsedSeconds),
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
    unitsPerCommit: round(latencies.length / counter.commits),
    reads: readLatencies.length,
    readP99Ms: round(percentile(readLatencies, 0.99)),
  };
}

async function main(): Promise<void> {
  console.log(`SQLite group commit, ${secondsPerRun} s per run, WAL + synchronous=FULL, ${cpus().length} cores, load ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  console.log(`(the service's cap: ${MAX_GROUP_SIZE})\n`);
  const plan: Array<[number, number | null]> = [
    [1, null],
    [1, MAX_GROUP_SIZE],
    [50, null],
    [50, MAX_GROUP_SIZE],
    [200, null],
    [200, 16],
    [200, 32],
    [200, 64],
    [200, 128],
    [200, 256],
  ];
  const runs: RunFigures[] = [];
  console.log('clients  mode            cap   units/s   p50 ms   p99 ms  units/commit  read p99 ms');
  for (const [clients, cap] of plan) {
    const figures = await measure(clients, cap);
    runs.push(figures);
    console.log(
      `${String(clients).padStart(7)}  ${figures.mode.padEnd(14)} ${String(cap ?? '-').padStart(4)}  ${String(figures.unitsPerSecond).padStart(8)}  ` +
        `${figures.p50Ms.toFixed(1).padStart(7)}  ${figures.p99Ms.toFixed(1).padStart(7)}  ${figures.unitsPerCommit.toFixed(1).padStart(12)}  ${figures.readP99Ms.toFixed(1).padStart(11)}`,
    );
  }
  const ratio = (clients: number) => {
    const before = runs.find((r) => r.clients === clients && r.maxGroupSize === null)!;
    const after = runs.find((r) => r.clients === clients && r.maxGroupSize === MAX_GROUP_SIZE)!;
    return round(after.unitsPerSecond / before.unitsPerSecond);
  };
  const ratios = { clients1: ratio(1), clients50: ratio(50), clients200: ratio(200) };
  console.log(`\ngroup commit (cap ${MAX_GROUP_SIZE}) / one at a time, units/s: 1 client ${ratios.clients1}x, 50 clients ${ratios.clients50}x, 200 clients ${ratios.clients200}x`);

  const resultsDir = join(__dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const resultFile = join(resultsDir, 'sqlite-group-commit.json');
  const result = {
    benchmark: 'sqlite-group-commit',
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model.trim(), cores: cpus().length, node: process.version, loadAverage: loadavg().map((v) => round(v, 2)) },
    secondsPerRun,
    serviceMaxGroupSize: MAX_GROUP_SIZE,
    runs,
    groupOverOneAtATime: ratios,
  };
  writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`results written to ${resultFile}`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(workDir, { recursive: true, force: true }));
