/**
 * Whether the booking path should use named (server-side prepared) statements on PostgreSQL.
 * TypeORM sends every query unnamed: PostgreSQL parses and plans it each time. A named statement
 * is parsed once per connection and may reuse its plan. Measured in alternating rounds, so that
 * the machine's noise falls on both alike, as time per statement on one connection:
 *   - the own-seat statement for one booking, run by the service's own code (SeatsService.seatSelves) through two
 *     data sources of one connection each, one whose connections send marked texts by name
 *     (PreparingClient, as the service runs) and one with node-postgres's plain Client;
 *   - the locked path's read (bookingFactsSql), sent by hand both ways.
 *
 *   npm run bench:pg-prepare        # PG_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Actor } from '../../src/auth/actor';
import { bookingFactsSql, SeatsService } from '../../src/bookings/seats.service';
import { Clock } from '../../src/common/clock';
import { createDataSource, dataSourceOptions, runPendingMigrations } from '../../src/database/data-source-options';
import { BookingMailer } from '../../src/notifications/booking-mailer.service';
import type { OutboxService } from '../../src/notifications/outbox.service';
import { loadAverage, writeResult } from './bench-kit';

const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SESSIONS = 2_000;
const ROUNDS = 10;
const PER_ROUND = 1_000;

type Variant = 'unnamed' | 'named';

async function main(): Promise<void> {
  const name = `bench_prepare_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const options = dataSourceOptions(url.toString(), 1);
  const named = createDataSource(options);
  const unnamed = createDataSource({ ...options, extra: { ...(options.extra as object), Client } } as typeof options);
  try {
    await named.initialize();
    await runPendingMigrations(named);
    await unnamed.initialize();
    const { sessionIds, personIds } = await seed(named.manager.query.bind(named.manager));

    // seatSelves reads nothing of the outbox service; the mailer gives the mail's row as the service would.
    const seats = new SeatsService(new BookingMailer(new Clock()), null as unknown as OutboxService);
    const seatTimings: Record<Variant, number[]> = { unnamed: [], named: [] };
    const load = { start: loadAverage(), end: [] as number[] };
    let booked = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of variantsOfRound(round)) {
        const manager = (variant === 'named' ? named : unnamed).manager;
        const started = performance.now();
        for (let i = 0; i < PER_ROUND; i++) {
          // Every pair of person and session books once, at most ten people a session (capacity 20).
          const k = booked++;
          const personId = personIds[k % SESSIONS];
          const actor: Actor = { personId, organisationId: '', roles: ['learner'], tokenId: '' };
          const [seat] = await seats.seatSelves(manager, [{ actor, sessionId: sessionIds[(k + Math.floor(k / SESSIONS)) % SESSIONS], now: new Date() }]);
          if (!seat) throw new Error(`booking ${k} took no seat`);
        }
        seatTimings[variant].push(((performance.now() - started) * 1000) / PER_ROUND);
      }
    }
    const text = bookingFactsSql(named.manager);
    await Promise.all([named.destroy(), unnamed.destroy()]);

    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    const readTimings: Record<Variant, number[]> = { unnamed: [], named: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of variantsOfRound(round)) {
        const started = performance.now();
        for (let i = 0; i < PER_ROUND; i++) {
          const values = [sessionIds[(round * PER_ROUND + i) % SESSIONS], personIds[i % personIds.length]];
          // FOR UPDATE needs a transaction to mean anything; the read alone is what is compared.
          await client.query(variant === 'named' ? { name: 'booking-facts', text, values } : { text, values });
        }
        readTimings[variant].push(((performance.now() - started) * 1000) / PER_ROUND);
      }
    }
    load.end = loadAverage();
    await client.end();
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const figures = {
      seatUnnamedMicroseconds: median(seatTimings.unnamed),
      seatNamedMicroseconds: median(seatTimings.named),
      unnamedMicroseconds: median(readTimings.unnamed),
      namedMicroseconds: median(readTimings.named),
    };
    console.log('µs per statement on one PostgreSQL connection (median of rounds of 1,000):');
    console.log(`  own seat (SeatsService.seatSelves), unnamed: ${figures.seatUnnamedMicroseconds.toFixed(0)}`);
    console.log(`  own seat, named (as the service runs):    ${figures.seatNamedMicroseconds.toFixed(0)}`);
    console.log(`  own seat, named / unnamed:                ${(figures.seatNamedMicroseconds / figures.seatUnnamedMicroseconds).toFixed(2)}`);
    console.log(`  locked path's read, unnamed:              ${figures.unnamedMicroseconds.toFixed(0)}`);
    console.log(`  locked path's read, named:                ${figures.namedMicroseconds.toFixed(0)}`);
    console.log(`  locked path's read, named / unnamed:      ${(figures.namedMicroseconds / figures.unnamedMicroseconds).toFixed(2)}`);
    writeResult('pg-statement-preparation', { ...figures, rounds: ROUNDS, perRound: PER_ROUND, loadAverage: load });
  } finally {
    for (const dataSource of [named, unnamed]) if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

/** Which variant goes first alternates, so neither always follows the other. */
function variantsOfRound(round: number): Variant[] {
  return round % 2 === 0 ? ['unnamed', 'named'] : ['named', 'unnamed'];
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
