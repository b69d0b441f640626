import { createHash } from 'node:crypto';
import { Client, ClientConfig, QueryConfig } from 'pg';

/** The texts sent as named statements, with their names. */
const statementNames = new Map<string, string>();

/**
 * Marks a PostgreSQL statement text to be sent by name from now on: node-postgres then parses it
 * once per pooled connection (PARSE, then only BIND and EXECUTE each time), and PostgreSQL may keep
 * its plan. Only for fixed texts on hot paths: each text stays prepared on every connection for
 * the connection's life. Its result columns must be named, not `*`: a prepared statement fails
 * with "cached plan must not change result type" once a migration adds a column.
 * See docs/decisions/2026-12-02-booking-path.md.
 */
export function prepareByName(text: string): void {
  if (!statementNames.has(text)) {
    // Named by content, so two texts never share a name (node-postgres refuses that on a connection).
    statementNames.set(text, `tt_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`);
  }
}

/**
 * The pool's connection class (pg-pool's `Client` option): a text marked by prepareByName goes
 * out as a named statement. TypeORM sends every query as a plain text, so this is where a name
 * can be added without TypeORM, its loggers or its errors seeing anything but SQL.
 */
export class PreparingClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    // A connection the server ends emits 'error', and an 'error' nobody hears ends the process.
    // pg-pool takes its listener off a connection as it hands it out, TypeORM adds its own a
    // promise later: a FATAL read in that gap (a server shutting down as the connection became
    // ready) had no listener. Nothing is lost by hearing it here: the connection is already marked
    // unusable, its queries fail with the error (answered 503) and the pool drops it on release.
    this.on('error', () => undefined);
  }

  // node-postgres's overloads (callback, promise, submittable) all take the text first.
  override query(...args: unknown[]): never {
    const query = Client.prototype.query as (this: Client, ...queryArgs: unknown[]) => never;
    const [text, ...rest] = args;
    const name = typeof text === 'string' ? statementNames.get(text) : undefined;
    if (typeof text !== 'string' || name === undefined) return query.apply(this, args);
    const named: QueryConfig = { name, text };
    return query.call(this, named, ...rest);
  }
}
