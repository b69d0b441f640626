import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntitySchema, Logger } from 'typeorm';
import type { BetterSqlite3ConnectionOptions } from 'typeorm/driver/better-sqlite3/BetterSqlite3ConnectionOptions';
import { createDataSource, dataSourceOptions } from './data-source-options';
import { GroupTransactionLostError, isUniqueViolation, MAX_GROUP_SIZE, Transactions } from './transactions';

interface Item {
  id?: number;
  value: string;
}

const ItemSchema = new EntitySchema<Item>({
  name: 'Item',
  tableName: 'item',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    value: { type: 'text', unique: true },
  },
});

/** Every statement the shared connection runs, in order. */
class StatementLog implements Logger {
  readonly statements: string[] = [];
  logQuery(query: string): void {
    this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  count(statement: string): number {
    return this.statements.filter((query) => query === statement).length;
  }
}

const COMMIT = 'COMMIT';

describe('Transactions on SQLite: group commit', () => {
  let dir: string;
  let file: string;
  let dataSource: DataSource;
  let transactions: Transactions;
  let log: StatementLog;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tt-group-commit-'));
    file = join(dir, 'test.sqlite');
    log = new StatementLog();
    dataSource = createDataSource({ ...dataSourceOptions(`sqlite:${file}`), entities: [ItemSchema], migrations: [], synchronize: true, logger: log });
    await dataSource.initialize();
    // Checked only when the transaction commits: the way to make a COMMIT fail on purpose.
    await dataSource.query('CREATE TABLE parent (id INTEGER PRIMARY KEY)');
    await dataSource.query('CREATE TABLE child (id INTEGER PRIMARY KEY, parentId INTEGER NOT NULL REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)');
    transactions = new Transactions(dataSource);
    log.statements.length = 0;
  });

  afterEach(async () => {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What another connection sees: only committed rows. */
  function committedValues(): string[] {
    const other = new Database(file, { readonly: true });
    try {
      return (other.prepare('SELECT value FROM item ORDER BY value').all() as Item[]).map((row) => row.value);
    } finally {
      other.close();
    }
  }

  const insert = (value: string) => transactions.run((manager) => manager.insert(ItemSchema, { value }).then(() => value));

  it('commits units that arrive together in one transaction, and each answers with its own result', async () => {
    const values = Array.from({ length: 20 }, (_, index) => `unit ${String(index).padStart(2, '0')}`);

    await expect(Promise.all(values.map(insert))).resolves.toEqual(values);

    expect(log.count('BEGIN IMMEDIATE TRANSACTION')).toBe(1);
    expect(log.count(COMMIT)).toBe(1);
    expect(committedValues()).toEqual(values);
  });

  it('rolls back only the unit that throws, which rejects with its own error', async () => {
    await insert('taken');
    const outcomes = await Promise.allSettled([
      insert('first'),
      insert('second'),
      transactions.run(async (manager) => {
        await manager.insert(ItemSchema, { value: 'written before the failure' });
        await manager.insert(ItemSchema, { value: 'taken' });
      }),
      insert('fourth'),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(isUniqueViolation((outcomes[2] as PromiseRejectedResult).reason)).toBe(true);
    expect(log.count(COMMIT)).toBe(2);
    expect(committedValues()).toEqual(['first', 'fourth', 'second', 'taken']);
  });

  it('answers a unit only once its COMMIT has returned: its rows are visible to another connection', async () => {
    const seenOnResolution: string[][] = [];
    await Promise.all(['a', 'b', 'c'].map((value) => insert(value).then(() => seenOnResolution.push(committedValues()))));

    expect(seenOnResolution).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ]);
  });

  it('rejects every unit of the group when the COMMIT fails, writes nothing, and the next unit commits', async () => {
    const outcomes = await Promise.allSettled([
      insert('before'),
      transactions.run((manager) => manager.query('INSERT INTO child (parentId) VALUES (42)')),
      insert('after'),
    ]);

    expect(log.count(COMMIT)).toBe(1);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const outcome of outcomes) expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY constraint failed/);
    expect(committedValues()).toEqual([]);

    await insert('next');
    expect(committedValues()).toEqual(['next']);
  });

  it(`commits at most ${MAX_GROUP_SIZE} units together`, async () => {
    const count = MAX_GROUP_SIZE * 2 + 20;
    await Promise.all(Array.from({ length: count }, (_, index) => insert(`unit ${index}`)));

    const unitsPerCommit: number[] = [];
    let units = 0;
    for (const statement of log.statements) {
      if (statement === 'SAVEPOINT group_commit_unit') units++;
      if (statement === COMMIT) {
        unitsPerCommit.push(units);
        units = 0;
      }
    }
    expect(unitsPerCommit).toEqual([MAX_GROUP_SIZE, MAX_GROUP_SIZE, 20]);
    expect(committedValues()).toHaveLength(count);
  });

  it('keeps nested manager.transaction calls inside their unit: a caught inner failure keeps the unit, an escaping one drops only that unit', async () => {
    const outcomes = await Promise.allSettled([
      transactions.run(async (manager) => {
        await manager.insert(ItemSchema, { value: 'outer' });
        await manager
          .transaction(async (inner) => {
            await inner.insert(ItemSchema, { value: 'inner, rolled back' });
            throw new Error('inner failure, caught');
          })
          .catch(() => undefined);
        await manager.transaction((inner) => inner.insert(ItemSchema, { value: 'inner, kept' }));
      }),
      transactions.run(async (manager) => {
        await manager.insert(ItemSchema, { value: 'dropped with its unit' });
        await manager.transaction(async () => {
          throw new Error('escapes the unit');
        });
      }),
      insert('neighbour'),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('escapes the unit'));
    expect(log.count(COMMIT)).toBe(1);
    expect(committedValues()).toEqual(['inner, kept', 'neighbour', 'outer']);
  });

  it('never runs a read inside a group: a read asked for mid-unit does not see the unit’s rows that are later rolled back', async () => {
    let readCount: Promise<number> | undefined;
    const failing = transactions.run(async (manager) => {
      await manager.insert(ItemSchema, { value: 'never committed' });
      readCount = transactions.read((reader) => reader.count(ItemSchema));
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('unit fails after its insert');
    });

    await expect(failing).rejects.toThrow('unit fails after its insert');
    await expect(readCount).resolves.toBe(0);
  });

  it('rejects the group when another process holds the write lock past the busy timeout, and commits the next group once it is free', async () => {
    await dataSource.destroy();
    const options = dataSourceOptions(`sqlite:${file}`) as BetterSqlite3ConnectionOptions;
    dataSource = createDataSource({ ...options, entities: [ItemSchema], migrations: [], timeout: 100, logger: log });
    await dataSource.initialize();
    transactions = new Transactions(dataSource);
    const otherProcess = new Database(file);
    otherProcess.exec('BEGIN IMMEDIATE');

    const outcomes = await Promise.allSettled([insert('first'), insert('second')]);
    otherProcess.exec('COMMIT');
    otherProcess.close();

    expect(outcomes.map((outcome) => ((outcome as PromiseRejectedResult).reason as { driverError?: { code?: string } }).driverError?.code)).toEqual([
      'SQLITE_BUSY',
      'SQLITE_BUSY',
    ]);
    await expect(Promise.all([insert('third'), insert('fourth')])).resolves.toEqual(['third', 'fourth']);
    expect(committedValues()).toEqual(['fourth', 'third']);
  });

  it('when a unit ends the shared transaction itself, the units before it reject and the units after it commit in a new one', async () => {
    const outcomes = await Promise.allSettled([
      insert('lost with the transaction'),
      transactions.run((manager) => manager.query('ROLLBACK')),
      insert('committed afterwards'),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(GroupTransactionLostError);
    expect(committedValues()).toEqual(['committed afterwards']);

    await insert('next');
    expect(committedValues()).toEqual(['committed afterwards', 'next']);
  });

  it('advances the write generation when a unit ends, committed or not, but not for an outbox-only unit', async () => {
    const start = transactions.writeGeneration;
    await insert('counted');
    expect(transactions.writeGeneration).toBe(start + 1);
    await expect(transactions.run(() => Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
    expect(transactions.writeGeneration).toBe(start + 2);

    await transactions.run((manager) => manager.insert(ItemSchema, { value: 'outbox bookkeeping' }), { outboxOnly: true });
    expect(transactions.writeGeneration).toBe(start + 2);
    expect(committedValues()).toEqual(['counted', 'outbox bookkeeping']);
  });
});
