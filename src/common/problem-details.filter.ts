import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DATABASE_RETRY_AFTER_SECONDS, DatabaseUnavailableError, isDatabaseUnavailable } from '../database/database-unavailable';
import { DomainError, RateLimitedError } from './domain-error';
import { loggablePath } from './loggable-url';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problem } from './problem-details';

const HTTP_CODES: Record<number, string> = {
  400: 'invalid-input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'business-rule',
  429: 'rate-limited',
  503: 'unavailable',
};

const databaseUnavailable = new DatabaseUnavailableError();
/** The answer to every request that met an unreachable or restarting database. */
const DATABASE_UNAVAILABLE: ProblemDetails & { database: 'down' } = {
  ...problem(databaseUnavailable.status, databaseUnavailable.code, databaseUnavailable.message),
  database: 'down',
};

/**
 * The one place where errors become HTTP answers: RFC 9457 problem details with the request's
 * correlation id. Unknown errors are logged in full and answered with a bare 500, so no stack
 * trace, SQL or path ever leaves the service. A database that is unreachable or restarting is a
 * 503 with Retry-After (and `"database": "down"`, as the health check says), whatever code met it.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  /**
   * @param answersAsPage for a request that is not to the API, answers the problem as a web
   * page and returns true; the API always gets problem details.
   */
  constructor(private readonly answersAsPage?: (problem: ProblemDetails, request: Request, response: Response) => boolean) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const body = this.toProblem(exception, request);
    body.instance = request.originalUrl?.split('?')[0];
    body.correlationId = request.correlationId;

    if (exception instanceof RateLimitedError) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    if (body.type === DATABASE_UNAVAILABLE.type) {
      response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    if (this.answersAsPage?.(body, request, response)) return;
    response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toProblem(exception: unknown, request: Request): ProblemDetails {
    if (isDatabaseUnavailable(exception)) {
      // One line, not a stack: during an outage every request ends here.
      this.logger.warn(`${request.method} ${loggablePath(request.originalUrl ?? '')} answered 503, database unavailable [${request.correlationId}]: ${describe(exception)}`);
      return { ...DATABASE_UNAVAILABLE };
    }
    if (exception instanceof DomainError) {
      return problem(exception.status, exception.code, exception.message, {
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...(exception.errorCount !== undefined ? { errorCount: exception.errorCount } : {}),
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status < 500 || status === 503) {
        return problem(status, HTTP_CODES[status] ?? 'client-error', describeHttpException(exception));
      }
    }
    this.logger.error(
      `${request.method} ${loggablePath(request.originalUrl ?? '')} failed [${request.correlationId}]: ${
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)
      }`,
    );
    return problem(500, 'internal', 'The service could not complete the request. Quote the correlation id when reporting it.');
  }
}

/** The error's code and message for the log: enough to tell a refused connection from a shutdown. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  const shown = code ?? driverError?.code;
  return shown ? `${String(shown)} ${error.message}` : error.message;
}

function describeHttpException(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') {
    // Nest's router says "Cannot GET /x": keep the meaning, not the framework's phrasing.
    return message.startsWith('Cannot ') ? 'No such resource or method.' : message;
  }
  return exception.message;
}
