import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { SqliteBulkConnection, SqlQuery } from './sqlite-bulk-connection';

/** A FIFO lock: SQLite work in one process must not interleave on its single connection. */
class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

const RETRYABLE_POSTGRES_CODES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

/**
 * Runs a unit of work in one database transaction; every write in the service goes through it.
 *
 * SQLite: TypeORM shares one connection per process, so overlapping transactions would
 * silently merge. They are queued here and run one at a time (BEGIN IMMEDIATE, see
 * createDataSource); a write also takes the write turn, which a bulk unit holds while it runs on
 * a connection of its own (see runBulk). PostgreSQL: transactions run concurrently on the pool;
 * serialisation failures and deadlocks are retried with a short jittered back-off.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger(Transactions.name);
  /** Units of work on the shared connection, one at a time. */
  private readonly sqliteQueue = new SerialQueue();
  /** Writers, one at a time: a write on another connection would wait for SQLite's lock with the event loop stopped. */
  private readonly sqliteWriteTurn = new SerialQueue();
  readonly dialect: 'sqlite' | 'postgres';

  constructor(readonly dataSource: DataSource) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === 'sqlite') {
      return this.sqliteWriteTurn.run(() => this.sqliteQueue.run(() => this.dataSource.transaction(work)));
    }
    return this.withRetries(() => this.dataSource.transaction(work));
  }

  /**
   * A unit of work that takes seconds (a bulk import) in plain SQL, still one transaction. The
   * work yields to the event loop between its statements, so other requests are answered
   * meanwhile.
   *
   * SQLite: it runs in a worker thread on a connection of its own (better-sqlite3 would run each
   * statement, and the final COMMIT with its checkpoint, on this thread), holding the write turn.
   * Other writes wait until it commits (a single writer is SQLite's rule); reads go on along the
   * shared connection and see the database as it was before, never half of the unit (WAL).
   * PostgreSQL: as run, since MVCC already lets reads through and row locks hold back only writes
   * to the same rows.
   */
  runBulk<T>(work: (query: SqlQuery) => Promise<T>): Promise<T> {
    const onManager = (manager: EntityManager) => work((sql, parameters) => manager.query(sql, parameters));
    const options = this.dataSource.options as { database?: string; timeout?: number };
    // Another connection to an in-memory database would open another, empty database.
    if (this.dialect === 'postgres' || options.database === ':memory:') return this.run(onManager);
    return this.sqliteWriteTurn.run(async () => {
      const connection = await SqliteBulkConnection.open(options.database!, options.timeout ?? 10_000);
      try {
        await connection.query('BEGIN IMMEDIATE');
        const result = await work(connection.query);
        await connection.query('COMMIT');
        return result;
      } finally {
        // Without a COMMIT, closing rolls the transaction back.
        await connection.close();
      }
    });
  }

  /** Reads that must not see another transaction's uncommitted rows on SQLite's shared connection. */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === 'sqlite') {
      return this.sqliteQueue.run(() => work(this.dataSource.manager));
    }
    return work(this.dataSource.manager);
  }

  private async withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
        if (!code || !RETRYABLE_POSTGRES_CODES.has(code) || tries >= MAX_ATTEMPTS) throw error;
        this.logger.warn(`transaction retried after ${code} (attempt ${tries})`);
        await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** tries + Math.random() * 20));
      }
    }
  }
}

/** True when the error is a unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string };
  return driverError.code === '23505' || driverError.code === 'SQLITE_CONSTRAINT_UNIQUE' || driverError.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when the error is a CHECK-constraint violation on either database. */
export function isCheckViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string };
  return driverError.code === '23514' || driverError.code === 'SQLITE_CONSTRAINT_CHECK';
}
