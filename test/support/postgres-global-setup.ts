import { Client } from 'pg';
import { EmbeddedPostgresServer } from './embedded-postgres';
import { EMBEDDED, MACHINE_PG_ADMIN_URL } from './test-database';

declare global {
  var embeddedPostgresForTests: EmbeddedPostgresServer | undefined;
}

/**
 * Jest global setup for the PostgreSQL runs (TEST_DATABASE=postgres): the suites create their
 * databases on PG_ADMIN_URL (default the machine's server). When nothing answers there, or when
 * PG_ADMIN_URL=embedded, one private server from embedded-postgres serves the whole run, and
 * PG_ADMIN_URL is pointed at it before the test workers start.
 */
export default async function startPostgresForTests(): Promise<void> {
  if (process.env.TEST_DATABASE !== 'postgres') return;
  const wanted = process.env.PG_ADMIN_URL ?? MACHINE_PG_ADMIN_URL;
  if (wanted !== EMBEDDED) {
    const unreachable = await whyUnreachable(wanted);
    if (!unreachable) return;
    process.stderr.write(`\nPostgreSQL at ${withoutPassword(wanted)} is not reachable (${unreachable}); starting an embedded server for this run.\n`);
  }
  const startedAt = Date.now();
  const server = await EmbeddedPostgresServer.start();
  globalThis.embeddedPostgresForTests = server;
  process.env.PG_ADMIN_URL = server.adminUrl;
  process.stderr.write(`\nEmbedded PostgreSQL on 127.0.0.1:${server.port}, initialised and started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.\n`);
}

/** Jest global teardown: stops the embedded server the setup started, if any, and removes its folder. */
export async function stopPostgresForTests(): Promise<void> {
  await globalThis.embeddedPostgresForTests?.destroy();
  globalThis.embeddedPostgresForTests = undefined;
}

/** Why no server answers at `url`, or undefined when one does. A server that answers with an error (bad role, no such database) is a mistake to report, not a reason to start another. */
async function whyUnreachable(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    if ((error as { severity?: string }).severity) {
      throw new Error(`PostgreSQL at ${withoutPassword(url)} refused the test suite: ${(error as Error).message}`);
    }
    return (error as { code?: string }).code ?? (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
