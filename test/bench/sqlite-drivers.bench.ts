/**
 * better-sqlite3 against sqlite3, side by side in one run (docs/decisions/2026-11-29-better-sqlite3.md).
 *
 *   npm run bench:sqlite              # 10,000 transactions, 200 concurrent TypeORM transactions
 *   npm run bench:sqlite -- 2000 100  # smaller run
 *
 * 1. Raw drivers: N single-row transactions (BEGIN; INSERT; COMMIT), one after another, on a WAL
 *    file, with synchronous=FULL (what the service uses) and synchronous=NORMAL.
 * 2. TypeORM on one connection: C transactions started at once, each inserting one row, first
 *    as TypeORM runs them (they share the connection and nest as savepoints), then queued one
 *    at a time as src/database/transactions.ts does.
 * Prints figures and ratios; asserts nothing about time.
 */
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntitySchema } from 'typeorm';

const transactions = Number(process.argv[2] ?? 10_000);
const concurrent = Number(process.argv[3] ?? 200);
const workDir = mkdtempSync(join(tmpdir(), 'tt-bench-sqlite-'));
let fileNumber = 0;
const newFile = () => join(workDir, `bench-${fileNumber++}.sqlite`);

type Synchronous = 'FULL' | 'NORMAL';

function seconds(startedNs: bigint): number {
  return Number(process.hrtime.bigint() - startedNs) / 1e9;
}

function betterSqlite3Transactions(synchronous: Synchronous): number {
  const db = new BetterSqlite3(newFile());
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, value TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO item (value) VALUES (?)');
  const insertOne = db.transaction((value: string) => insert.run(value));
  const started = process.hrtime.bigint();
  for (let i = 0; i < transactions; i++) insertOne(`row ${i}`);
  const elapsed = seconds(started);
  const { count } = db.prepare('SELECT count(*) AS count FROM item').get() as { count: number };
  db.close();
  if (count !== transactions) throw new Error(`better-sqlite3 wrote ${count} rows, expected ${transactions}`);
  return elapsed;
}

/**
 * The `sqlite3` package is the comparison only: `npm run bench:sqlite` installs it for the run
 * (it compiles from source here, which would add minutes to every `npm ci`), so it is typed by
 * the little of it used here and loaded at run time.
 */
interface Sqlite3Database {
  run(sql: string, params: unknown[], callback: (error: Error | null) => void): void;
  get(sql: string, callback: (error: Error | null, row: unknown) => void): void;
  close(callback: (error: Error | null) => void): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sqlite3 = require('sqlite3') as { Database: new (file: string, callback: (error: Error | null) => void) => Sqlite3Database };

function openSqlite3(file: string): Promise<Sqlite3Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(db)));
  });
}

function run(db: Sqlite3Database, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, params, (error) => (error ? reject(error) : resolve())));
}

function get<T>(db: Sqlite3Database, sql: string): Promise<T> {
  return new Promise((resolve, reject) => db.get(sql, (error, row) => (error ? reject(error) : resolve(row as T))));
}

async function sqlite3Transactions(synchronous: Synchronous): Promise<number> {
  const db = await openSqlite3(newFile());
  await run(db, 'PRAGMA journal_mode = WAL');
  await run(db, `PRAGMA synchronous = ${synchronous}`);
  await run(db, 'CREATE TABLE item (id INTEGER PRIMARY KEY, value TEXT NOT NULL)');
  const started = process.hrtime.bigint();
  for (let i = 0; i < transactions; i++) {
    await run(db, 'BEGIN');
    await run(db, 'INSERT INTO item (value) VALUES (?)', [`row ${i}`]);
    await run(db, 'COMMIT');
  }
  const elapsed = seconds(started);
  const { count } = await get<{ count: number }>(db, 'SELECT count(*) AS count FROM item');
  await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
  if (count !== transactions) throw new Error(`sqlite3 wrote ${count} rows, expected ${transactions}`);
  return elapsed;
}

interface Item {
  id: number;
  value: string;
}

const ItemSchema = new EntitySchema<Item>({
  name: 'Item',
  tableName: 'item',
  columns: { id: { type: 'integer', primary: true, generated: 'increment' }, value: { type: 'varchar' } },
});

/** The same FIFO queue idea as src/database/transactions.ts, kept local so the bench stands alone. */
function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };
}

interface ConcurrentResult {
  seconds: number;
  failed: number;
  rows: number;
  errors: string[];
}

async function typeormConcurrent(type: 'better-sqlite3' | 'sqlite', serialised: boolean): Promise<ConcurrentResult> {
  const dataSource = new DataSource({
    type,
    database: newFile(),
    enableWAL: true,
    entities: [ItemSchema],
    synchronize: true,
    logging: false,
  } as ConstructorParameters<typeof DataSource>[0]);
  await dataSource.initialize();
  const queue = serialQueue();
  const insertOne = (i: number) =>
    dataSource.transaction(async (manager) => {
      await manager.insert(ItemSchema, { value: `row ${i}` });
      // A realistic unit of work reads after it writes; this await lets other transactions interleave.
      await manager.count(ItemSchema);
    });
  const started = process.hrtime.bigint();
  const outcomes = await Promise.allSettled(
    Array.from({ length: concurrent }, (_, i) => (serialised ? queue(() => insertOne(i)) : insertOne(i))),
  );
  const elapsed = seconds(started);
  const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  let rows = -1;
  try {
    rows = await dataSource.getRepository(ItemSchema).count();
  } catch {
    // The connection can be left inside a broken transaction; -1 says so.
  }
  await dataSource.destroy().catch(() => undefined);
  const errors = [...new Set(failures.map((f) => String((f.reason as Error).message).replace(/typeorm_\d+/g, 'typeorm_N')))];
  return { seconds: elapsed, failed: failures.length, rows, errors };
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

function describe(result: ConcurrentResult): string {
  return `${result.seconds.toFixed(3)} s, ${result.failed} of ${concurrent} failed, ${result.rows} rows committed`;
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}; better-sqlite3 ${packageVersion('better-sqlite3')}, sqlite3 ${packageVersion('sqlite3')}`);
  console.log(`\n1. ${transactions.toLocaleString('en-GB')} single-row transactions, WAL, one after another`);
  for (const synchronous of ['FULL', 'NORMAL'] as const) {
    const better = betterSqlite3Transactions(synchronous);
    const legacy = await sqlite3Transactions(synchronous);
    console.log(
      `   synchronous=${synchronous.padEnd(6)} better-sqlite3 ${better.toFixed(2)} s   sqlite3 ${legacy.toFixed(2)} s   ` +
        `ratio ${(legacy / better).toFixed(1)}x`,
    );
  }

  console.log(`\n2. TypeORM: ${concurrent} transactions started at once on one connection`);
  const results: Record<string, ConcurrentResult> = {};
  for (const [label, type] of [
    ['sqlite3', 'sqlite'],
    ['better-sqlite3', 'better-sqlite3'],
  ] as const) {
    for (const serialised of [false, true]) {
      const result = await typeormConcurrent(type, serialised);
      results[`${label}/${serialised}`] = result;
      console.log(`   ${label.padEnd(15)} ${serialised ? 'queued     ' : 'as TypeORM '} ${describe(result)}`);
      for (const error of result.errors.slice(0, 3)) console.log(`      error: ${error}`);
    }
  }
  const queuedLegacy = results['sqlite3/true'];
  const queuedBetter = results['better-sqlite3/true'];
  console.log(`   queued: sqlite3 / better-sqlite3 time ratio ${(queuedLegacy.seconds / queuedBetter.seconds).toFixed(1)}x`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(workDir, { recursive: true, force: true }));
