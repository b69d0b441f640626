import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export type TestDialect = 'sqlite' | 'postgres';

/** Which database the e2e suite runs on: TEST_DATABASE=postgres for the PostgreSQL run. */
export function testDialect(): TestDialect {
  return process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

/** The machine's server, where the PostgreSQL suites create their databases unless PG_ADMIN_URL says otherwise. */
export const MACHINE_PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** PG_ADMIN_URL=embedded: the run starts a private server even when the machine's is up (see postgres-global-setup.ts). */
export const EMBEDDED = 'embedded';

/** Read when a database is made: the global setup may point PG_ADMIN_URL at an embedded server. */
function adminUrl(): string {
  const url = process.env.PG_ADMIN_URL ?? MACHINE_PG_ADMIN_URL;
  if (url === EMBEDDED) {
    throw new Error('PG_ADMIN_URL=embedded needs the jest global setup (test/support/postgres-global-setup.ts), which the project\'s jest config runs');
  }
  return url;
}
const TEST_DB_PREFIX = 'tt_test_';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A brand-new, empty database for one test file: a temp SQLite file or a PostgreSQL database. */
export async function createTestDatabase(dialect: TestDialect = testDialect()): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tt-e2e-'));
    return { url: `sqlite:${join(dir, 'test.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = newTestDatabaseName();
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  return testDatabaseNamed(name);
}

/** A name for a new PostgreSQL test database, unique to this process. */
export function newTestDatabaseName(): string {
  return `${TEST_DB_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** The URL of a PostgreSQL test database already created as `name`, and its drop. */
export function testDatabaseNamed(name: string): TestDatabase {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropTestDatabase(name) };
}

async function dropTestDatabase(name: string): Promise<void> {
  // Refuse to drop anything the suite did not create.
  if (!name.startsWith(TEST_DB_PREFIX)) throw new Error(`refusing to drop ${name}: not a test database`);
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
