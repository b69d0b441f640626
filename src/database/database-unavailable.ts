import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { DomainError } from '../common/domain-error';

/** What a client is told to wait before trying again: a PostgreSQL restart or fail-over takes seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** 503: the database cannot be reached or is restarting; the request may be tried again later. */
export class DatabaseUnavailableError extends DomainError {
  readonly status = 503;
  readonly code = 'database-unavailable';

  constructor() {
    super('The database is unavailable at the moment; try again in a few seconds.');
  }
}

/**
 * SQLSTATEs of a server that is shutting down, starting up or not reachable: class 08
 * (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now), 53300 (too
 * many connections) and 57014 (statement cancelled: statement_timeout).
 */
const UNAVAILABLE_SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300', '57014']);
/** Socket errors on the way to the server. */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/**
 * node-postgres and pg-pool raise these with no code at all: a connection closed under a query,
 * a connection or pool wait past connectionTimeoutMillis, a client query_timeout.
 */
const UNAVAILABLE_DRIVER_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Query read timeout',
];

/**
 * True when an error means the database could not be reached or went away, rather than that the
 * request or the code was wrong. Looks through TypeORM's QueryFailedError (driverError), `cause`
 * and AggregateError (a connection tried on several addresses).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  // TypeORM releases a transaction's query runner when its connection reports an error (the server
  // ended the session); the unit of work's next statement then fails with this.
  if (error instanceof DatabaseUnavailableError || error instanceof QueryRunnerAlreadyReleasedError) return true;
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_DRIVER_MESSAGES.some((text) => message.startsWith(text))) return true;
  const inner = [driverError, cause, ...(Array.isArray(errors) ? errors : [])];
  return inner.some((candidate) => candidate !== undefined && isDatabaseUnavailable(candidate, depth + 1));
}
