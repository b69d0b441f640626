import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource, dataSourceOptions } from '../../src/database/data-source-options';
import { createTestDatabase, TestDatabase, testDialect } from './test-database';

export interface DatabaseBefore {
  database: TestDatabase;
  /** Connected, with every committed migration older than the one named applied. */
  dataSource: DataSource;
}

/**
 * A fresh database migrated up to (not including) `migration`, e.g. '1796400000000-PersonSearchText',
 * to fill with rows as they were before it; a test app started on `database.url` then runs it.
 * Entities may not match that older schema: write rows with plain SQL (see `sql`).
 */
export async function databaseBefore(migration: string): Promise<DatabaseBefore> {
  const database = await createTestDatabase();
  const options = dataSourceOptions(database.url);
  const folder = dirname((options.migrations as string[])[0]);
  const earlier = readdirSync(folder)
    .filter((file) => /^\d+-\w+\.ts$/.test(file) && file < `${migration}.ts`)
    .map((file) => join(folder, file));
  const dataSource = createDataSource({ ...options, migrations: earlier });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
    throw error;
  }
  return { database, dataSource };
}

/** SQL written with $1, $2… placeholders, as the dialect under test wants them. */
export function sql(text: string): string {
  return testDialect() === 'postgres' ? text : text.replace(/\$\d+/g, '?');
}
