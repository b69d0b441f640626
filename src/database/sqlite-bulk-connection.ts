import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { QueryFailedError } from 'typeorm';

/** Runs one SQL statement and answers its rows (none for a statement that returns none). */
export type SqlQuery = (sql: string, parameters?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export type SqliteWorkerRequest = { id: number; sql: string; parameters: unknown[] } | 'close';
export type SqliteWorkerReply = { id: number; rows: Array<Record<string, unknown>> } | { id: number; error: { message: string; code?: string } };

interface Pending {
  sql: string;
  parameters: unknown[];
  resolve: (rows: Array<Record<string, unknown>>) => void;
  reject: (error: Error) => void;
}

/**
 * A SQLite connection in a worker thread (sqlite-bulk-worker.ts): statements run there, in the
 * order they are sent, while this thread goes on answering requests. Failures come back as
 * TypeORM's QueryFailedError with the driver's code, as from the service's own connection.
 */
export class SqliteBulkConnection {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: SqliteWorkerReply) => {
      const pending = this.pending.get(reply.id)!;
      this.pending.delete(reply.id);
      if ('error' in reply) pending.reject(new QueryFailedError(pending.sql, pending.parameters, Object.assign(new Error(reply.error.message), reply.error)));
      else pending.resolve(reply.rows);
    });
    const failAll = (error: Error) => {
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', () => failAll(new Error('The SQLite worker stopped.')));
  }

  /** Opens the database file in a new worker thread, set up as the service's own connection is. */
  static async open(file: string, busyTimeoutMs: number): Promise<SqliteBulkConnection> {
    // Run from the TypeScript sources (tests, ts-node), the worker is compiled the same way.
    const fromSources = __filename.endsWith('.ts');
    const worker = new Worker(join(__dirname, `sqlite-bulk-worker.${fromSources ? 'ts' : 'js'}`), {
      workerData: { file, busyTimeoutMs },
      execArgv: fromSources ? ['--require', 'ts-node/register/transpile-only'] : undefined,
    });
    await once(worker, 'online');
    return new SqliteBulkConnection(worker);
  }

  readonly query: SqlQuery = (sql, parameters = []) =>
    new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { sql, parameters, resolve, reject });
      this.worker.postMessage({ id, sql, parameters } satisfies SqliteWorkerRequest);
    });

  async close(): Promise<void> {
    const exited = once(this.worker, 'exit');
    this.worker.postMessage('close' satisfies SqliteWorkerRequest);
    await exited;
  }
}
