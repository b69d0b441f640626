import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource, dataSourceOptions } from '../../src/database/data-source-options';
import { newTestDatabaseName, TestDatabase, testDatabaseNamed, TestDialect, testDialect, withAdmin } from './test-database';

const MIGRATIONS_ROOT = join(__dirname, '..', '..', 'src', 'database', 'migrations');
const TEMPLATE_PREFIX = 'tt_template_';
/** Advisory-lock key under which one worker at a time checks for, and builds, the PostgreSQL template. */
const TEMPLATE_LOCK = 71_001;

/**
 * A database for one test file with every committed migration applied, cloned from a template
 * migrated once per set of migration files (PostgreSQL: CREATE DATABASE … TEMPLATE; SQLite: a
 * copy of a template file), instead of migrating each of the suite's test apps from empty: about
 * 0.1 s less per app on PostgreSQL, a little less on SQLite (2026-12-02, see
 * docs/decisions/2026-12-02-test-run-time.md). The app still runs its migrations at start and
 * finds none pending. Tests of migrating itself (an empty or half-migrated database) use
 * createTestDatabase or databaseBefore instead.
 *
 * PostgreSQL clones have synchronous_commit = off: a commit returns before its WAL reaches the
 * disk, which only matters if the server itself crashes (nothing lost on a process kill or a
 * clean shutdown). The durability test (booking-durability) runs on a database from
 * createTestDatabase, with the server's default (on).
 */
export async function createMigratedTestDatabase(dialect: TestDialect = testDialect()): Promise<TestDatabase> {
  const version = migrationsHash(dialect);
  return dialect === 'sqlite' ? cloneSqlite(version) : clonePostgres(version);
}

/** Names the migration files and their contents, and the options the migrations run under. */
function migrationsHash(dialect: TestDialect): string {
  const hash = createHash('sha256').update(dialect);
  const folder = join(MIGRATIONS_ROOT, dialect);
  for (const file of readdirSync(folder).sort()) hash.update(file).update(readFileSync(join(folder, file)));
  hash.update(readFileSync(join(__dirname, '..', '..', 'src', 'database', 'data-source-options.ts')));
  return hash.digest('hex').slice(0, 16);
}

async function migrate(url: string): Promise<void> {
  const dataSource = createDataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
    if (dataSource.options.type === 'better-sqlite3') await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    await dataSource.destroy();
  }
}

async function cloneSqlite(version: string): Promise<TestDatabase> {
  const template = join(tmpdir(), `tt-template-${version}.sqlite`);
  if (!existsSync(template)) {
    // Built under a name of its own and renamed into place (atomic): workers that race here
    // each build one, and the copies below only ever see a whole template.
    const building = mkdtempSync(join(tmpdir(), 'tt-template-build-'));
    try {
      await migrate(`sqlite:${join(building, 'template.sqlite')}`);
      // Closing the last connection checkpoints the WAL into the file and removes it.
      if (existsSync(join(building, 'template.sqlite-wal'))) throw new Error('SQLite template still has a WAL file after closing');
      renameSync(join(building, 'template.sqlite'), template);
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'tt-e2e-'));
  copyFileSync(template, join(dir, 'test.sqlite'));
  return { url: `sqlite:${join(dir, 'test.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function clonePostgres(version: string): Promise<TestDatabase> {
  const template = `${TEMPLATE_PREFIX}${version}`;
  const name = newTestDatabaseName();
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (found.rowCount === 0) await buildPostgresTemplate(admin, template);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
    // WAL_LOG (the default since PostgreSQL 15) copies the template's blocks through the WAL:
    // 50-60 ms here, against 85-130 ms for FILE_COPY, which forces checkpoints.
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY WAL_LOG`);
    await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  });
  return testDatabaseNamed(name);
}

/** Migrates a new database, then renames it to the template's name (dropping templates of older migration sets). */
async function buildPostgresTemplate(admin: Client, template: string): Promise<void> {
  const building = newTestDatabaseName();
  await admin.query(`CREATE DATABASE ${building}`);
  try {
    await migrate(testDatabaseNamed(building).url);
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
  } catch (error) {
    await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    throw error;
  }
  const stale = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${TEMPLATE_PREFIX}%' AND datname <> $1`, [template]);
  for (const { datname } of stale.rows) {
    // Another run on an older set of migrations may be cloning it at this moment; it is left for next time.
    await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
  }
}
