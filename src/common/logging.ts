import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, LoggerService } from '@nestjs/common';
import type { Request, RequestHandler } from 'express';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import pino, { DestinationStream, Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { loggablePath } from './loggable-url';

/**
 * Nest's level names beside pino's own, so LOG_LEVEL takes Nest's names and every line is printed
 * with them (`"level":"log"` where pino would say "info", "verbose" for "trace").
 */
const NEST_LEVELS = { log: 30, verbose: 10 } as const;

/** Typed as a plain pino logger: Nest's names are for LOG_LEVEL and the printed lines, not for calls. */
export type AppLogger = Logger;

/** One JSON line per event. `destination` is where lines go: main.ts gives an asynchronous one. */
export function createAppLogger(level: string, destination: DestinationStream): AppLogger {
  return pino<never>(
    {
      level,
      customLevels: NEST_LEVELS,
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      base: { pid: process.pid },
      // Any line carrying a request or response shows only these fields: never a header (so no
      // Authorization, Cookie or Set-Cookie), never a body, never the query string.
      serializers: { req: requestForLog, res: responseForLog },
    },
    destination,
  );
}

function requestForLog(req: Request): object {
  return { id: req.correlationId, method: req.method, url: loggablePath(req.originalUrl ?? req.url) };
}

function responseForLog(res: ServerResponse): object {
  return { statusCode: res.statusCode };
}

/** The Nest logger (app.useLogger) writing through the same pino logger as the request lines. */
export function nestLogger(logger: AppLogger): LoggerService {
  return new NestPinoLogger(new PinoLogger({ pinoHttp: { logger } }), {});
}

/**
 * One line per request when its answer has gone (or the client went away), with the correlation
 * id (set before this runs), method, loggable path, status and time taken.
 */
export function requestLogging(logger: AppLogger): RequestHandler {
  return pinoHttp<IncomingMessage, ServerResponse>({
    logger,
    genReqId: (req) => (req as Request).correlationId ?? '',
    // The serializers above take the request as it is; pino-http's wrapping would first copy
    // every header into a new object on each request.
    wrapSerializers: false,
    // An unexpected error is logged in full by the exception filter with the same correlation id;
    // pino-http's own "failed with status code 500" error and its stack would only repeat it.
    customErrorObject: (_req, _res, _error, fields: { res: ServerResponse; responseTime: number }) => ({
      res: fields.res,
      responseTime: fields.responseTime,
    }),
    customErrorMessage: () => 'request failed',
  }) as unknown as RequestHandler;
}

/**
 * The stream the log's lines go to, for plain text a person must read in order with them (the
 * demo's sign-in block): written through the same stream, it never lands inside a queued line.
 */
@Injectable()
export class LogOutput {
  private destination: DestinationStream = process.stdout;

  /** configureApp points it at the log's destination. */
  use(destination: DestinationStream): void {
    this.destination = destination;
  }

  write(text: string): void {
    this.destination.write(text);
  }
}
