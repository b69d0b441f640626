import type { Database as SqliteDatabase } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import { ENTITIES } from './entities';
import { PreparingClient } from './prepared-statements';
import { registerSqliteFunctions } from './sqlite-functions';

export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(databaseUrl: string): Dialect {
  return databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/**
 * One description of the database for the app, the TypeORM CLI and the tests. Migrations are
 * kept per dialect (TypeORM's generated DDL is dialect-specific) and always run at start-up.
 */
export function dataSourceOptions(databaseUrl: string, postgresPoolSize = 10): DataSourceOptions {
  const migrations = [join(__dirname, 'migrations', dialectOf(databaseUrl), '*.{ts,js}')];
  const common = { entities: ENTITIES, migrations, migrationsRun: false, synchronize: false, logging: false };
  if (dialectOf(databaseUrl) === 'sqlite') {
    const file = databaseUrl.slice('sqlite:'.length);
    const database = file === ':memory:' ? file : resolve(file);
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      enableWAL: true,
      // Another process (the migration CLI, a backup) may hold the write lock briefly.
      timeout: 10_000,
      prepareDatabase: (db: SqliteDatabase) => {
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = FULL');
        registerSqliteFunctions(db);
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: databaseUrl,
    uuidExtension: 'pgcrypto',
    // gen_random_uuid() is built into PostgreSQL 13+; the service never needs superuser rights.
    installExtensions: false,
    extra: {
      max: postgresPoolSize,
      Client: PreparingClient,
      // Backstops against a server that accepts but never answers, and against a pool that is
      // never freed; a restarting server is answered at once (refused or 57P0x), not by these.
      // Sized above the longest legitimate waits: a burst of 500 bookings queues up to about 25 s
      // for one of the pool's connections on a loaded 2-core machine, and a migration that derives
      // a million report facts runs one 32 s statement. See docs/decisions/2026-12-02-embedded-postgres.md.
      connectionTimeoutMillis: 30_000,
      options: '-c timezone=UTC -c statement_timeout=60000',
    },
  };
}

/**
 * Builds a DataSource with the two dialect adaptations this service relies on:
 * - PostgreSQL stores every Date column as `timestamptz` (TypeORM's default drops the zone);
 * - SQLite opens write transactions with BEGIN IMMEDIATE, so a transaction that reads and
 *   then writes never fails half-way with SQLITE_BUSY when another process writes.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  const dataSource = new DataSource(options);
  const driver = dataSource.driver as unknown as {
    normalizeType(column: { type?: unknown }): string;
    mappedDataTypes: Record<string, unknown>;
    createQueryRunner(mode: string): { query: (sql: string, ...rest: unknown[]) => Promise<unknown> };
  };
  if (options.type === 'postgres') {
    const normalizeType = driver.normalizeType.bind(driver);
    driver.normalizeType = (column) => {
      const type = normalizeType(column);
      return type === 'timestamp without time zone' ? 'timestamp with time zone' : type;
    };
    driver.mappedDataTypes.createDate = 'timestamp with time zone';
    driver.mappedDataTypes.updateDate = 'timestamp with time zone';
    driver.mappedDataTypes.deleteDate = 'timestamp with time zone';
  } else {
    // The better-sqlite3 driver shares one query runner for the whole process.
    const runner = driver.createQueryRunner('master');
    const query = runner.query.bind(runner);
    runner.query = (sql, ...rest) => query(sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql, ...rest);
  }
  return dataSource;
}

/** Advisory-lock key that makes instances starting together take turns at migrating. */
const MIGRATION_LOCK = 71_000;

/**
 * Runs the pending migrations, all in one transaction. TypeORM takes no lock of its own, so on
 * PostgreSQL (several instances may start at once) a session advisory lock is held meanwhile:
 * the second instance waits, then finds nothing pending.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'all' });
    return;
  }
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // On the lock's own connection: a pool of one has no second connection to give them.
    const migrations = new MigrationExecutor(dataSource, lockHolder);
    migrations.transaction = 'all';
    await migrations.executePendingMigrations();
  } finally {
    await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    await lockHolder.release();
  }
}
