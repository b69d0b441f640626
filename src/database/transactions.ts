import { Injectable, Logger } from '@nestjs/common';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { SerialQueue } from './serial-queue';
import { SqliteBulkConnection, SqlQuery } from './sqlite-bulk-connection';

const RETRYABLE_POSTGRES_CODES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

/**
 * The most units one SQLite transaction commits together. Larger groups gain little throughput
 * (one fsync already serves dozens) while every unit of a group waits for the whole group and reads
 * wait behind it: see docs/decisions/2026-12-02-sqlite-group-commit.md.
 */
export const MAX_GROUP_SIZE = 64;

/** Each unit of a group runs inside this savepoint, so a failing unit rolls back only itself. */
const UNIT_SAVEPOINT = 'group_commit_unit';

interface PendingUnit {
  work: (manager: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface UnitOptions {
  /**
   * The unit changes only the outbox's delivery bookkeeping (claims, sent, retries), which no
   * cached read shows, so it leaves writeGeneration alone: mail going out in batches would
   * otherwise empty the sessions catalogue's cache at every batch. A unit marked so by mistake
   * would be seen by cached reads only when they expire (ReadCache's maxAgeMs).
   */
  outboxOnly?: boolean;
}

type UnitOutcome = { unit: PendingUnit; succeeded: true; value: unknown } | { unit: PendingUnit; succeeded: false; error: unknown };

/** A unit's writes were lost with the group's transaction, which a statement ended before its COMMIT. */
export class GroupTransactionLostError extends Error {
  constructor(cause: unknown) {
    super('the shared SQLite transaction ended before its COMMIT (a statement of this or another unit of work rolled it back); nothing of this unit was written', { cause });
    this.name = GroupTransactionLostError.name;
  }
}

/**
 * Runs a unit of work in one database transaction; every write in the service goes through it.
 *
 * SQLite (group commit): TypeORM shares one connection per process, so units of work take turns
 * on it. Units that arrive in the same event-loop turn, or while the previous group is committing,
 * run one after another inside ONE transaction (BEGIN IMMEDIATE, see createDataSource), each in a
 * savepoint of its own: a unit that throws is rolled back to its savepoint (only its own writes
 * vanish) and rejects with its own error. A successful unit resolves only after the group's COMMIT
 * has returned, so with synchronous=FULL its answer is durable; one fsync serves the whole group.
 * If the COMMIT fails, every unit of the group rejects. A write also takes the write turn, which a
 * bulk unit holds while it runs on a connection of its own (see runBulk).
 * PostgreSQL: transactions run concurrently on the pool; serialisation failures and deadlocks are
 * retried with a short jittered back-off.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger(Transactions.name);
  /** Groups of units and reads on the shared connection, one at a time: SQLite work in one process must not interleave on its single connection. */
  private readonly sqliteQueue = new SerialQueue();
  /** Writers, one at a time: a write on another connection would wait for SQLite's lock with the event loop stopped. */
  private readonly sqliteWriteTurn = new SerialQueue();
  /** The group still taking units: it has not started yet and holds fewer than maxGroupSize. */
  private formingGroup: PendingUnit[] | undefined;
  protected readonly maxGroupSize: number = MAX_GROUP_SIZE;
  readonly dialect: 'sqlite' | 'postgres';
  private settledWrites = 0;

  constructor(readonly dataSource: DataSource) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>, options: UnitOptions = {}): Promise<T> {
    const unit =
      this.dialect === 'sqlite'
        ? new Promise<T>((resolve, reject) => this.joinGroup({ work, resolve: resolve as (value: unknown) => void, reject }))
        : this.withRetries(() => this.dataSource.transaction(work));
    return options.outboxOnly ? unit : this.counted(unit);
  }

  /**
   * A unit of work that is a single statement, on PostgreSQL only: it runs without BEGIN and
   * COMMIT on a pooled connection (a statement is atomic on its own), one round trip where a
   * transaction takes three more. SQLite has no use for it: its group commit already shares one
   * COMMIT between concurrent units.
   */
  statement<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect !== 'postgres') throw new Error('Transactions.statement is for PostgreSQL; SQLite units of work go through run');
    return this.counted(this.withRetries(() => work(this.dataSource.manager)));
  }

  /**
   * Grows each time a unit of work of this instance ends, committed or not (outbox-only units
   * aside). A value computed from the database is still current while this has not changed since
   * before it was read, as far as this instance's writes go (see ReadCache).
   */
  get writeGeneration(): number {
    return this.settledWrites;
  }

  private counted<T>(write: Promise<T>): Promise<T> {
    return write.finally(() => {
      this.settledWrites++;
    });
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
    const bulk = this.sqliteWriteTurn.run(async () => {
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
    return this.counted(bulk);
  }

  /** Reads that must not see another transaction's uncommitted rows on SQLite's shared connection. */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === 'sqlite') {
      return this.sqliteQueue.run(() => work(this.dataSource.manager));
    }
    return work(this.dataSource.manager);
  }

  private joinGroup(unit: PendingUnit): void {
    if (this.formingGroup && this.formingGroup.length < this.maxGroupSize) {
      this.formingGroup.push(unit);
      return;
    }
    const group = [unit];
    this.formingGroup = group;
    // Queued after the current event-loop turn, so every unit that arrives in it joins the group.
    setImmediate(() => {
      void this.sqliteWriteTurn.run(() =>
        this.sqliteQueue.run(async () => {
          if (this.formingGroup === group) this.formingGroup = undefined;
          await this.commitGroup(group);
        }),
      );
    });
  }

  /** Runs the units in one transaction and settles each of them; never throws. */
  private async commitGroup(units: PendingUnit[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
    } catch (error) {
      // Nothing began (another process held the write lock past the busy timeout); TypeORM's next
      // BEGIN starts afresh.
      for (const unit of units) unit.reject(error);
      return;
    }
    const outcomes: UnitOutcome[] = [];
    try {
      for (const unit of units) {
        outcomes.push(await this.runUnit(runner, unit));
        if (!this.sqliteTransactionOpen()) break;
      }
      if (this.sqliteTransactionOpen()) {
        await runner.commitTransaction();
        for (const outcome of outcomes) {
          if (outcome.succeeded) outcome.unit.resolve(outcome.value);
          else outcome.unit.reject(outcome.error);
        }
        return;
      }
    } catch (error) {
      // A savepoint or the COMMIT failed: nothing of the group is written.
      await this.closeRunnerTransaction(runner);
      for (const outcome of outcomes) outcome.unit.reject(outcome.succeeded ? error : outcome.error);
      for (const unit of units.slice(outcomes.length)) unit.reject(error);
      return;
    }
    // A statement that ends the transaction (SQLITE_FULL, an I/O error, a stray ROLLBACK) took every
    // unit before it along; the units not yet run go on in a transaction of their own.
    await this.closeRunnerTransaction(runner);
    const last = outcomes[outcomes.length - 1];
    const lost = new GroupTransactionLostError(last.succeeded ? undefined : last.error);
    for (const outcome of outcomes) outcome.unit.reject(outcome.succeeded ? lost : outcome.error);
    if (outcomes.length < units.length) await this.commitGroup(units.slice(outcomes.length));
  }

  private async runUnit(runner: QueryRunner, unit: PendingUnit): Promise<UnitOutcome> {
    try {
      await runner.query(`SAVEPOINT ${UNIT_SAVEPOINT}`);
      const value = await unit.work(runner.manager);
      await runner.query(`RELEASE ${UNIT_SAVEPOINT}`);
      return { unit, succeeded: true, value };
    } catch (error) {
      if (this.sqliteTransactionOpen()) {
        await runner.query(`ROLLBACK TO ${UNIT_SAVEPOINT}`);
        await runner.query(`RELEASE ${UNIT_SAVEPOINT}`);
      }
      return { unit, succeeded: false, error };
    }
  }

  /** Rolls back what is left of the transaction and leaves TypeORM's runner ready for the next BEGIN. */
  private async closeRunnerTransaction(runner: QueryRunner): Promise<void> {
    try {
      // TypeORM forgets its transaction only after a ROLLBACK that succeeds.
      if (!this.sqliteTransactionOpen()) await runner.query('BEGIN');
      await runner.rollbackTransaction();
    } catch (error) {
      this.logger.error(`rolling back a failed group commit failed: ${String(error)}`);
    }
  }

  private sqliteTransactionOpen(): boolean {
    return (this.dataSource.driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection.inTransaction;
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
