/**
 * Whether the booking path should use named (server-side prepared) statements on PostgreSQL.
 * TypeORM sends every query unnamed: PostgreSQL parses and plans it each time. A named statement
 * is parsed once per connection and may reuse its plan. This runs the booking's locked read (the
 * path's one complex statement) both ways on one connection, in alternating rounds so that the
 * machine's noise falls on both alike, and prints the time per statement.
 *
 *   npm run bench:pg-prepare        # PG_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { BOOKING_FACTS_SQL } from '../../src/bookings/seats.service';
import { createDataSource, dataSourceOptions, runPendingMigrations } from '../../src/database/data-source-options';
import { loadAverage, writeResult } from './bench-kit';

const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SESSIONS = 2_000;
const ROUNDS = 10;
const PER_ROUND = 1_000;

async function main(): Promise<void> {
  const name = `bench_prepare_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const dataSource = createDataSource(dataSourceOptions(url.toString()));
  try {
    await dataSource.initialize();
    await runPendingMigrations(dataSource);
    const { sessionIds, personIds } = await seed(dataSource.manager.query.bind(dataSource.manager));
    await dataSource.destroy();

    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    const text = BOOKING_FACTS_SQL('postgres');
    const timings = { unnamed: [] as number[], named: [] as number[] };
    const load = { start: loadAverage(), end: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of round % 2 === 0 ? (['unnamed', 'named'] as const) : (['named', 'unnamed'] as const)) {
        const started = performance.now();
        for (let i = 0; i < PER_ROUND; i++) {
          const values = [sessionIds[(round * PER_ROUND + i) % SESSIONS], personIds[i % personIds.length]];
          // FOR UPDATE needs a transaction to mean anything; the read alone is what is compared.
          await client.query(variant === 'named' ? { name: 'booking-facts', text, values } : { text, values });
        }
        timings[variant].push(((performance.now() - started) * 1000) / PER_ROUND);
      }
    }
    load.end = loadAverage();
    await client.end();
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const figures = { unnamedMicroseconds: median(timings.unnamed), namedMicroseconds: median(timings.named) };
    console.log('booking read on PostgreSQL, µs per statement (median of rounds of 1,000):');
    console.log(`  unnamed (as TypeORM sends it): ${figures.unnamedMicroseconds.toFixed(0)}`);
    console.log(`  named (prepared once):         ${figures.namedMicroseconds.toFixed(0)}`);
    console.log(`  named / unnamed:               ${(figures.namedMicroseconds / figures.unnamedMicroseconds).toFixed(2)}`);
    writeResult('pg-statement-preparation', { ...figures, rounds: ROUNDS, perRound: PER_ROUND, loadAverage: load });
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

/** One organisation, course and trainer; SESSIONS sessions and as many people. */
async function seed(query: (sql: string, parameters?: unknown[]) => Promise<unknown>): Promise<{ sessionIds: string[]; personIds: string[] }> {
  const organisationId = randomUUID();
  const courseId = randomUUID();
  await query(`INSERT INTO organisation (id, code, name, "createdAt") VALUES ($1, 'BENCH', 'Bench', now())`, [organisationId]);
  await query(`INSERT INTO course (id, title, "createdAt", "updatedAt") VALUES ($1, 'Literature searching', now(), now())`, [courseId]);
  const sessionIds = Array.from({ length: SESSIONS }, () => randomUUID());
  const personIds = Array.from({ length: SESSIONS }, () => randomUUID());
  await query(
    `INSERT INTO training_session (id, "courseId", "startsAt", "endsAt", capacity, "createdAt", "updatedAt")
     SELECT id, $2, now() + interval '30 days', now() + interval '30 days 2 hours', 20, now(), now() FROM unnest($1::uuid[]) AS id`,
    [sessionIds, courseId],
  );
  await query(
    `INSERT INTO person (id, "organisationId", name, email, roles, "createdAt", "updatedAt")
     SELECT id, $2, 'Learner', id || '@example.org', 'learner', now(), now() FROM unnest($1::uuid[]) AS id`,
    [personIds, organisationId],
  );
  return { sessionIds, personIds };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
