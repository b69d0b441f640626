import { randomUUID } from 'node:crypto';
import type { DataSource, EntityMetadata } from 'typeorm';
import type { Driver } from 'typeorm/driver/Driver';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { SqlQuery } from '../database/sqlite-bulk-connection';
import { Person } from './person.entity';

/** What the import compares a line with: a person as stored, found by address. */
export type StoredPerson = Pick<Person, 'id' | 'name' | 'email' | 'emailKey' | 'organisationId' | 'team' | 'jobTitle' | 'newlyQualified'>;

/** A person's stored columns, without the id (new people get one here). */
export type PersonColumns = Omit<Person, 'id' | 'organisation'>;

const STORED_FIELDS = ['id', 'name', 'email', 'emailKey', 'organisationId', 'team', 'jobTitle', 'newlyQualified'] as const;

/**
 * The import's reads and writes of `person`, as plain SQL made from the entity's metadata and
 * TypeORM's own value conversions. The query builder and entity hydration allocate kilobytes per
 * row: at 150,000 rows that left hundreds of megabytes of garbage waiting for the collector.
 * Statements of one batch size have one text, so SQLite prepares each once.
 */
export class PersonTable {
  private readonly metadata: EntityMetadata;
  private readonly driver: Driver;
  private readonly sqlCache = new Map<string, string>();
  /** The last value converted per column: every row of an import has the same timestamps. */
  private readonly lastConverted = new Map<ColumnMetadata, { value: unknown; converted: unknown }>();

  /** `query` runs on the transaction's connection; `dataSource` gives the entity's metadata and the dialect's conversions. */
  constructor(
    private readonly query: SqlQuery,
    dataSource: DataSource,
  ) {
    this.metadata = dataSource.getMetadata(Person);
    this.driver = dataSource.driver;
  }

  /** The people with these lower-cased addresses, by address. */
  async findByAddress(emailKeys: string[]): Promise<Map<string, StoredPerson>> {
    const columns = STORED_FIELDS.map((field) => this.column(field));
    const sql = this.cached(`find:${emailKeys.length}`, () => {
      const keys = emailKeys.map((_, index) => this.driver.createParameter(`k${index}`, index));
      return `SELECT ${columns.map((c) => this.name(c)).join(', ')} FROM ${this.table()} WHERE ${this.name(this.column('emailKey'))} IN (${keys.join(', ')})`;
    });
    const rows = await this.query(sql, emailKeys);
    const found = new Map<string, StoredPerson>();
    for (const row of rows) {
      const person = Object.fromEntries(columns.map((column) => [column.propertyName, this.driver.prepareHydratedValue(row[column.databaseName], column)]));
      found.set(person.emailKey as string, person as StoredPerson);
    }
    return found;
  }

  /** Adds people in one statement; every row has the same fields. */
  async insert(people: PersonColumns[]): Promise<void> {
    if (people.length === 0) return;
    const columns = [this.column('id'), ...Object.keys(people[0]).map((field) => this.column(field))];
    const values: unknown[] = [];
    for (const person of people) {
      values.push(randomUUID());
      for (let index = 1; index < columns.length; index++) values.push(this.value(person, columns[index]));
    }
    const sql = this.cached(`insert:${columns.map((c) => c.propertyName).join()}:${people.length}`, () => {
      let index = 0;
      const row = () => `(${columns.map(() => this.driver.createParameter(`v${index}`, index++)).join(', ')})`;
      return `INSERT INTO ${this.table()} (${columns.map((c) => this.name(c)).join(', ')}) VALUES ${people.map(row).join(', ')}`;
    });
    await this.query(sql, values);
  }

  /**
   * Sets the given fields of these people, in one statement; every change has the same fields.
   * PostgreSQL reads the new values from typed arrays, SQLite (3.33 and later) from a VALUES list.
   */
  async update(changes: Array<{ id: string; values: Partial<PersonColumns> }>): Promise<void> {
    if (changes.length === 0) return;
    const id = this.column('id');
    const columns = Object.keys(changes[0].values).map((field) => this.column(field));
    const key = `update:${columns.map((c) => c.propertyName).join()}:${changes.length}`;
    if (this.driver.options.type === 'postgres') {
      const sql = this.cached(key, () => {
        const arrays = [id, ...columns].map((c, index) => `${this.driver.createParameter(`a${index}`, index)}::${this.driver.normalizeType(c)}[]`);
        const names = [id, ...columns].map((c) => this.name(c));
        return (
          `UPDATE ${this.table()} AS p SET ${columns.map((c) => `${this.name(c)} = u.${this.name(c)}`).join(', ')} ` +
          `FROM unnest(${arrays.join(', ')}) AS u(${names.join(', ')}) WHERE p.${this.name(id)} = u.${this.name(id)}`
        );
      });
      await this.query(sql, [changes.map((change) => change.id), ...columns.map((column) => changes.map((change) => this.value(change.values, column)))]);
      return;
    }
    const sql = this.cached(key, () => {
      const row = `(${[id, ...columns].map(() => '?').join(', ')})`;
      // A VALUES list names its columns column1, column2, …; column1 is the id.
      const assignments = columns.map((c, index) => `${this.name(c)} = v.column${index + 2}`);
      return `UPDATE ${this.table()} SET ${assignments.join(', ')} FROM (VALUES ${changes.map(() => row).join(', ')}) AS v WHERE ${this.table()}.${this.name(id)} = v.column1`;
    });
    const values: unknown[] = [];
    for (const change of changes) {
      values.push(change.id);
      for (const column of columns) values.push(this.value(change.values, column));
    }
    await this.query(sql, values);
  }

  private column(propertyName: string): ColumnMetadata {
    const column = this.metadata.findColumnWithPropertyName(propertyName);
    if (!column) throw new Error(`person has no column ${propertyName}`);
    return column;
  }

  private value(values: Partial<PersonColumns>, column: ColumnMetadata): unknown {
    const value = values[column.propertyName as keyof PersonColumns];
    const last = this.lastConverted.get(column);
    if (last && last.value === value) return last.converted;
    const converted: unknown = this.driver.preparePersistentValue(value, column);
    this.lastConverted.set(column, { value, converted });
    return converted;
  }

  private name(column: ColumnMetadata): string {
    return this.driver.escape(column.databaseName);
  }

  private table(): string {
    return this.driver.escape(this.metadata.tableName);
  }

  private cached(key: string, build: () => string): string {
    let sql = this.sqlCache.get(key);
    if (sql === undefined) {
      sql = build();
      this.sqlCache.set(key, sql);
    }
    return sql;
  }
}
