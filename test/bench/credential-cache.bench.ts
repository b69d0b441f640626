/**
 * What the credential cache saves the AuthGuard per request (issue 12, point 6): the cost of
 * `CredentialsService.authenticate` for a token used a moment ago, with the cache
 * (CREDENTIAL_CACHE_TTL_MS=5000) and without it (0), in alternating rounds of one run, plus the
 * statements each call sends and the memory a full cache holds.
 *
 *   npx ts-node --transpile-only test/bench/credential-cache.bench.ts             # temporary SQLite file
 *   npx ts-node --transpile-only test/bench/credential-cache.bench.ts postgres    # scratch PostgreSQL database (PG_ADMIN_URL)
 *   node --expose-gc -r ts-node/register/transpile-only test/bench/credential-cache.bench.ts   # with the memory figure
 *
 * Prints a table and writes test/bench/results/credential-cache-<dialect>.json; asserts nothing
 * about time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../src/auth/actor';
import { CREDENTIAL_CACHE_MAX_ENTRIES, CredentialCache } from '../../src/auth/credential-cache';
import { CredentialsService } from '../../src/auth/credentials.service';
import { hashSecret } from '../../src/auth/secrets';
import { Clock } from '../../src/common/clock';
import { validateEnvironment } from '../../src/config/environment';
import { createDataSource, dataSourceOptions, runPendingMigrations } from '../../src/database/data-source-options';
import { Transactions } from '../../src/database/transactions';
import { makeOrganisation, makePerson } from '../factories';
import { createTestDatabase } from '../support/test-database';

const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const CALLS_PER_ROUND = Number(process.env.BENCH_CALLS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const database = await createTestDatabase(dialect);
  const dataSource = createDataSource(dataSourceOptions(database.url));
  await dataSource.initialize();
  try {
    await runPendingMigrations(dataSource);
    let statements = 0;
    const logQuery = dataSource.logger.logQuery.bind(dataSource.logger);
    dataSource.logger.logQuery = (...args) => {
      statements++;
      logQuery(...args);
    };

    const clock = new Clock();
    const service = (ttlMs: number) => {
      const environment = validateEnvironment({ DATABASE_URL: database.url, CREDENTIAL_CACHE_TTL_MS: String(ttlMs) });
      return new CredentialsService(new Transactions(dataSource), clock, environment, new CredentialCache(clock, environment));
    };
    const cached = service(5000);
    const uncached = service(0);
    const person = await makePerson(dataSource, { organisationId: (await makeOrganisation(dataSource)).id });
    const { secret } = await cached.issue(dataSource.manager, person.id, 'access', { ttlMs: 3600_000 });

    /** Microseconds per call and statements per call over one round. */
    const round = async (credentials: CredentialsService) => {
      const before = statements;
      const started = process.hrtime.bigint();
      for (let call = 0; call < CALLS_PER_ROUND; call++) {
        if (!(await credentials.authenticate(secret))) throw new Error('the token was refused');
      }
      return { us: Number(process.hrtime.bigint() - started) / 1000 / CALLS_PER_ROUND, statements: (statements - before) / CALLS_PER_ROUND };
    };
    await round(cached);
    await round(uncached);
    const samples = { cached: [] as number[], uncached: [] as number[] };
    const statementsPerCall = { cached: 0, uncached: 0 };
    for (let index = 0; index < ROUNDS; index++) {
      for (const kind of index % 2 === 0 ? (['cached', 'uncached'] as const) : (['uncached', 'cached'] as const)) {
        const result = await round(kind === 'cached' ? cached : uncached);
        samples[kind].push(result.us);
        statementsPerCall[kind] = Math.max(statementsPerCall[kind], result.statements);
      }
    }

    const memory = fullCacheBytes(clock);
    const figures = {
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.version}`,
      loadAverage: loadavg()[0],
      dialect,
      callsPerRound: CALLS_PER_ROUND,
      rounds: ROUNDS,
      uncachedMicrosecondsPerCall: median(samples.uncached),
      cachedMicrosecondsPerCall: median(samples.cached),
      ratio: median(samples.uncached) / median(samples.cached),
      uncachedStatementsPerCall: statementsPerCall.uncached,
      cachedStatementsPerCall: statementsPerCall.cached,
      fullCacheEntries: CREDENTIAL_CACHE_MAX_ENTRIES,
      fullCacheBytes: memory,
    };

    console.log(`CredentialsService.authenticate on ${dialect}, one hot token, median of ${ROUNDS} rounds of ${CALLS_PER_ROUND} calls (load average ${figures.loadAverage.toFixed(1)} on ${cpus().length} cores)`);
    console.log('|                     | µs per call | statements per call |');
    console.log('|---------------------|-------------|---------------------|');
    console.log(`| without the cache   | ${figures.uncachedMicrosecondsPerCall.toFixed(1).padStart(11)} | ${String(figures.uncachedStatementsPerCall).padStart(19)} |`);
    console.log(`| with the cache      | ${figures.cachedMicrosecondsPerCall.toFixed(1).padStart(11)} | ${String(figures.cachedStatementsPerCall).padStart(19)} |`);
    console.log(`saved per request: ${(figures.uncachedMicrosecondsPerCall - figures.cachedMicrosecondsPerCall).toFixed(1)} µs (${figures.ratio.toFixed(0)}x)`);
    console.log(
      memory === null
        ? 'memory of a full cache: run with node --expose-gc to measure'
        : `memory of a full cache (${CREDENTIAL_CACHE_MAX_ENTRIES} tokens): ${(memory / 1024 / 1024).toFixed(1)} MiB`,
    );
    const results = join(__dirname, 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, `credential-cache-${dialect}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await dataSource.destroy();
    await database.drop();
  }
}

/**
 * Heap held by a cache filled to its bound with distinct people's tokens, null without
 * --expose-gc: the growth from a second full cache, so that what the first one warms up
 * (code, hidden classes) is not counted. Ids are flat strings, as the database drivers give them.
 */
function fullCacheBytes(clock: Clock): number | null {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return null;
  const heapUsed = () => {
    collect();
    return process.memoryUsage().heapUsed;
  };
  const environment = validateEnvironment({ CREDENTIAL_CACHE_TTL_MS: '5000' });
  let serial = 0;
  const id = () => `00000000-0000-4000-8000-${String(serial++).padStart(12, '0')}`;
  const fill = () => {
    const cache = new CredentialCache(clock, environment);
    for (let index = 0; index < CREDENTIAL_CACHE_MAX_ENTRIES; index++) {
      const actor: Actor = { personId: id(), organisationId: id(), roles: ['learner'], tokenId: id() };
      cache.remember(hashSecret(id()), actor, new Date(Date.now() + 3600_000), cache.lookupStarted());
    }
    return cache;
  };
  const caches = [fill()];
  const before = heapUsed();
  caches.push(fill());
  const bytes = heapUsed() - before;
  caches.length = 0;
  return bytes;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
