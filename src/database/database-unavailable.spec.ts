import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
const queryFailed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['a server shutting down (57P01) under a query', queryFailed(withCode('57P01', 'terminating connection due to administrator command'))],
    ['a server starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection failure (08006)', queryFailed(withCode('08006'))],
    ['a statement past statement_timeout (57014)', queryFailed(withCode('57014', 'canceling statement due to statement timeout'))],
    ['a connection closed under a query', new Error('Connection terminated unexpectedly')],
    ['a pool wait past connectionTimeoutMillis', new Error('timeout exceeded when trying to connect')],
    ['a connect past connectionTimeoutMillis', new Error('Connection terminated due to connection timeout')],
    ['a query runner TypeORM released when its connection failed', new QueryRunnerAlreadyReleasedError()],
    ['a refusal on every address tried', new AggregateError([withCode('ECONNREFUSED')], '')],
    ['an error caused by one', new Error('outer', { cause: withCode('ECONNREFUSED') })],
    ['the health check saying so', new DatabaseUnavailableError()],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', queryFailed(withCode('23505', 'duplicate key value violates unique constraint'))],
    ['a serialisation failure (retried elsewhere)', queryFailed(withCode('40001'))],
    ['a syntax error', queryFailed(withCode('42601'))],
    ['SQLite busy', queryFailed(withCode('SQLITE_BUSY'))],
    ['a programming error', new TypeError('x is undefined')],
    ['not an error', 'Connection terminated'],
    ['nothing', undefined],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
