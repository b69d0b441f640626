/**
 * A worker thread with a SQLite connection of its own, for bulk units of work (see
 * Transactions.runBulk). better-sqlite3 runs every statement on the calling thread, a large
 * transaction's COMMIT and the checkpoint after it included, so running them here keeps the
 * service's event loop free. It runs one statement per message, in the order they come.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { registerSqliteFunctions } from './sqlite-functions';
import type { SqliteWorkerReply, SqliteWorkerRequest } from './sqlite-bulk-connection';

const { file, busyTimeoutMs } = workerData as { file: string; busyTimeoutMs: number };
// As createDataSource sets up the service's own connection.
const db = new Database(file, { timeout: busyTimeoutMs });
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
db.pragma('synchronous = FULL');
registerSqliteFunctions(db);

const statements = new Map<string, Database.Statement>();

parentPort!.on('message', (request: SqliteWorkerRequest) => {
  if (request === 'close') {
    // Closing without COMMIT rolls back whatever is left of a transaction.
    db.close();
    parentPort!.close();
    return;
  }
  const { id, sql, parameters } = request;
  let reply: SqliteWorkerReply;
  try {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    reply = { id, rows: statement.reader ? (statement.all(...parameters) as Array<Record<string, unknown>>) : (statement.run(...parameters), []) };
  } catch (error) {
    const { message, code } = error as { message?: string; code?: string };
    reply = { id, error: { message: message ?? String(error), code } };
  }
  parentPort!.postMessage(reply);
});
