/**
 * Generates one migration per dialect from the difference between the entities and the schema
 * that the committed migrations build. Usage: npm run migration:generate -- AddSomething
 *
 * It migrates a scratch SQLite file and a scratch PostgreSQL database (PG_ADMIN_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres), so the two files always describe the same change.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource, dataSourceOptions, Dialect } from '../src/database/data-source-options';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: npm run migration:generate -- PascalCaseName');
  process.exit(2);
}
const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const timestamp = Date.now();

function quote(sql: string): string {
  return '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
}

async function generate(dialect: Dialect, databaseUrl: string): Promise<boolean> {
  const dataSource = createDataSource(dataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) return false;
    const up = sql.upQueries.map((q) => `    await queryRunner.query(${quote(q.query)});`).join('\n');
    const down = sql.downQueries
      .reverse()
      .map((q) => `    await queryRunner.query(${quote(q.query)});`)
      .join('\n');
    const className = `${name}${timestamp}`;
    const file = join(__dirname, '..', 'src', 'database', 'migrations', dialect, `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
        `export class ${className} implements MigrationInterface {\n  name = '${className}';\n\n` +
        `  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n` +
        `  public async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    console.log(`wrote ${file}`);
    return true;
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tt-migrate-'));
  const scratchDb = `tt_migrate_${timestamp}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratchDb}`);
  try {
    const sqlite = await generate('sqlite', `sqlite:${join(dir, 'scratch.sqlite')}`);
    const pgUrl = new URL(adminUrl);
    pgUrl.pathname = `/${scratchDb}`;
    const postgres = await generate('postgres', pgUrl.toString());
    if (!sqlite && !postgres) console.log('no schema changes: the migrations already match the entities');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${scratchDb} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
