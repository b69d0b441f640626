import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { prepareByName } from './prepared-statements';

/**
 * Hand-written SQL for hot paths, through TypeORM's own query runner (and so its statement
 * cache, logging and error types), with TypeORM's value conversions. Statements are written
 * once with PostgreSQL's `$1` placeholders; for SQLite they become `?` with the values in the
 * order they appear (better-sqlite3 binds arrays to anonymous parameters only). `prepared`: sent by
 * name on PostgreSQL (see prepareByName); TypeORM's better-sqlite3 runner prepares every statement
 * once already.
 */
export async function queryRows<T>(manager: EntityManager, sql: string, parameters: unknown[], options: { prepared?: boolean } = {}): Promise<T[]> {
  const postgres = manager.connection.options.type === 'postgres';
  const values: unknown[] = [];
  const statement = postgres ? sql : sql.replace(/\$(\d+)/g, (_, index: string) => (values.push(parameters[Number(index) - 1]), '?'));
  // Structured results give rows the same way on both drivers (PostgreSQL's raw UPDATE … RETURNING answers [rows, count]).
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    if (postgres && options.prepared) prepareByName(sql);
    const result = (await runner.query(statement, postgres ? parameters : values, true)) as { records?: T[] };
    return result.records ?? [];
  } finally {
    if (runner !== manager.queryRunner) await runner.release();
  }
}

/** The value of an entity's property as the driver stores it (a Date as SQLite's datetime text, a boolean as 0/1). */
export function stored<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, property: keyof E & string, value: unknown): unknown {
  return manager.connection.driver.preparePersistentValue(value, columnOf(manager, entity, property));
}

/** An entity's properties from a row that selected them under their column names, converted as TypeORM converts them. */
export function hydrated<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, row: Record<string, unknown>): E {
  const metadata = manager.connection.getMetadata(entity);
  const values: Record<string, unknown> = {};
  for (const column of metadata.columns) {
    if (column.databaseName in row) values[column.propertyName] = manager.connection.driver.prepareHydratedValue(row[column.databaseName], column);
  }
  return values as E;
}

/** `INSERT INTO <table> (<columns>) VALUES ($n, …)` for the given entity properties, in their order, numbering from `first`. */
export function insertInto<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, properties: Array<keyof E & string>, first = 1): string {
  return `${insertHead(manager, entity, properties)} VALUES (${placeholders(properties.length, first)})`;
}

/**
 * `INSERT INTO <table> (<columns>) SELECT $n, … FROM <from>`: one row for each row of `from` (a
 * data-modifying CTE's name, perhaps joined), none when it has none. The `computed` properties
 * take SQL expressions over `from` instead of parameters: on PostgreSQL `from` may be a
 * data-modifying CTE, and it types each parameter from its column; on SQLite (which has no
 * data-modifying CTEs) a table.
 */
export function insertSelectFrom<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  properties: Array<keyof E & string>,
  first: number,
  from: string,
  computed: Partial<Record<keyof E & string, string>> = {},
): string {
  const computedProperties = Object.keys(computed) as Array<keyof E & string>;
  const values = [placeholders(properties.length, first), ...computedProperties.map((property) => computed[property])].filter(Boolean);
  return `${insertHead(manager, entity, [...properties, ...computedProperties])} SELECT ${values.join(', ')} FROM ${from}`;
}

function insertHead<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, properties: ReadonlyArray<keyof E & string>): string {
  return `INSERT INTO "${manager.connection.getMetadata(entity).tableName}" (${columnList(manager, entity, properties)})`;
}

/** `"column", …` (or `"alias"."column", …`): the columns of an entity's properties, in their order. */
export function columnList<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, properties: ReadonlyArray<keyof E & string>, alias?: string): string {
  const prefix = alias ? `"${alias}".` : '';
  return properties.map((property) => `${prefix}"${columnOf(manager, entity, property).databaseName}"`).join(', ');
}

/**
 * An entity's properties as one row of its table keyed by column name, each value as the driver
 * stores it: for PostgreSQL's `jsonb_populate_recordset`, many rows in one parameter.
 */
export function columnValues<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, values: Partial<E>, properties: ReadonlyArray<keyof E & string>): Record<string, unknown> {
  return Object.fromEntries(properties.map((property) => [columnOf(manager, entity, property).databaseName, stored(manager, entity, property, values[property])]));
}

function columnOf<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, property: keyof E & string) {
  const column = manager.connection.getMetadata(entity).findColumnWithPropertyName(property);
  if (!column) throw new Error(`no column for ${property}`);
  return column;
}

/** `$first, $first+1, …`: `count` placeholders. */
export function placeholders(count: number, first = 1): string {
  return Array.from({ length: count }, (_, index) => `$${first + index}`).join(', ');
}
