/**
 * How long `POST /api/auth/magic-link` takes to answer for a known address and for an unknown
 * one (issue 14, point 3): the answer must not tell them apart.
 *
 *   npx ts-node test/bench/sign-in-timing.bench.ts             # temporary SQLite file
 *   npx ts-node test/bench/sign-in-timing.bench.ts postgres    # scratch PostgreSQL database (PG_ADMIN_URL)
 *   BENCH_SAMPLES=1000 npx ts-node test/bench/sign-in-timing.bench.ts
 *
 * The service runs as its own process (src/main.ts, as production runs it) and is called over
 * keep-alive HTTP on loopback, as an attacker measuring it would. Known and unknown requests are
 * interleaved in a shuffled order, each from a client address of its own (so no limit applies)
 * and, for known addresses, for a person of its own (so no mail limit applies). Between requests
 * it waits until the link issuer has finished, so no background work overlaps the next answer.
 * Prints medians and quartiles; asserts nothing about time.
 */
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsNull, Not } from 'typeorm';
import { MagicLinkRequest } from '../../src/auth/magic-link-request.entity';
import { createDataSource, dataSourceOptions, runPendingMigrations } from '../../src/database/data-source-options';
import { makeOrganisation, makePerson } from '../factories';
import { startAppProcess } from '../support/app-process';
import { createTestDatabase } from '../support/test-database';

const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);
const WARM_UP = 50;

function post(port: number, agent: Agent, client: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/api/auth/magic-link',
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Forwarded-For': client },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 202) reject(new Error(`answered ${res.statusCode}`));
          else resolve(Number(process.hrtime.bigint() - started) / 1e6);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function describe(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `${label.padEnd(8)} n=${sorted.length}  median ${quantile(sorted, 0.5).toFixed(2)} ms  (p25 ${quantile(sorted, 0.25).toFixed(2)}, p75 ${quantile(sorted, 0.75).toFixed(2)}, p90 ${quantile(sorted, 0.9).toFixed(2)})`;
}

async function main(): Promise<void> {
  const database = await createTestDatabase(dialect);
  const mailDir = mkdtempSync(join(tmpdir(), 'tt-bench-mail-'));
  const dataSource = createDataSource(dataSourceOptions(database.url));
  await dataSource.initialize();
  await runPendingMigrations(dataSource);
  const organisationId = (await makeOrganisation(dataSource)).id;
  const total = WARM_UP + SAMPLES;
  const people = [];
  for (let i = 0; i < total; i++) people.push(await makePerson(dataSource, { organisationId }));

  const app = await startAppProcess({ DATABASE_URL: database.url, TRUST_PROXY: 'loopback', MAIL_DIR: mailDir, LOG_LEVEL: 'warn' });
  const port = Number(new URL(app.baseUrl).port);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const kinds: Array<'known' | 'unknown'> = [];
    for (let i = 0; i < total; i++) kinds.push('known', 'unknown');
    for (let i = kinds.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
    }

    const times = { known: [] as number[], unknown: [] as number[] };
    const seen = { known: 0, unknown: 0 };
    const requests = dataSource.getRepository(MagicLinkRequest);
    let client = 0;
    for (const kind of kinds) {
      const index = seen[kind]++;
      const email = kind === 'known' ? people[index].email! : `nobody.${index}@example.test`;
      client++;
      const ms = await post(port, agent, `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`, JSON.stringify({ email }));
      if (index >= WARM_UP) times[kind].push(ms);
      while ((await requests.countBy({ pendingPersonId: Not(IsNull()) })) > 0) await new Promise((resolve) => setTimeout(resolve, 2));
      // The issuer's round ends with a commit and one more look for work.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    console.log(`POST /api/auth/magic-link on ${dialect}, ${SAMPLES} of each after ${WARM_UP} warm-up requests`);
    console.log(describe('known', times.known));
    console.log(describe('unknown', times.unknown));
  } finally {
    agent.destroy();
    app.child.kill('SIGTERM');
    await app.exited;
    await dataSource.destroy();
    await database.drop();
    rmSync(mailDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
