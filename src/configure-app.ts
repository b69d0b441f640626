import { INestApplication, Logger, NestApplicationOptions } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { OPENAPI_PUBLIC, OPENAPI_ROLES } from './auth/auth.decorators';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { correlationIdMiddleware } from './common/correlation-id';
import { ProblemDetailsDto } from './common/api-problems.decorator';
import { PROBLEM_CONTENT_TYPE, problem } from './common/problem-details';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { createValidationPipe } from './common/validation';
import { Environment } from './config/environment';

/** Options for NestFactory.create / createNestApplication: configureApp installs its own parsers. */
export const APP_OPTIONS: NestApplicationOptions = { bodyParser: false, bufferLogs: true };

export const JSON_BODY_LIMIT = '1mb';
export const CSV_BODY_LIMIT = '10mb';

/**
 * Everything that makes the HTTP surface what it is, shared by main.ts and every e2e test so
 * tests run the same parsers, pipes, filters and headers as production.
 */
export function configureApp(app: INestApplication): INestApplication {
  (app.getHttpAdapter().getInstance() as express.Express).set('trust proxy', app.get(Environment).trustProxy);
  app.use(correlationIdMiddleware);
  app.use(requestLogger());
  app.use('/api/docs', helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } } }));
  app.use(helmet());
  app.use(cookieParser());
  app.use(withProblemDetails(express.json({ limit: JSON_BODY_LIMIT, strict: true })));
  app.use(withProblemDetails(express.text({ type: ['text/csv', 'text/plain'], limit: CSV_BODY_LIMIT })));
  app.use(withProblemDetails(express.urlencoded({ extended: false, limit: '100kb' })));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  setUpOpenApi(app);
  return app;
}

function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Training tracker')
    .setDescription(
      'Booking and attendance for NHS library information-skills training. Errors are RFC 9457 ' +
        'problem details (application/problem+json) with `type`, `title`, `status`, `detail`, ' +
        '`correlationId` and, for invalid input, `errors: [{field, message}]`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'bearer')
    .addCookieAuth('tt_session', { type: 'apiKey', in: 'cookie' }, 'cookie')
    .build();
  const document = documentAccess(SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto] }));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml' });
}

/**
 * The AuthGuard is global, so its answers are documented here once: every operation not marked
 * @Public() needs a bearer token or the session cookie and may answer 401; @Roles() operations
 * name their roles in the description.
 */
function documentAccess(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method] as (OperationObject & Record<string, unknown>) | undefined;
      if (!operation) continue;
      if (operation[OPENAPI_PUBLIC]) {
        delete operation[OPENAPI_PUBLIC];
        operation.security = [];
        continue;
      }
      operation.security = [{ bearer: [] }, { cookie: [] }];
      operation.responses['401'] ??= {
        description: 'No credentials, or unknown, expired or revoked ones.',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
      };
      const roles = operation[OPENAPI_ROLES] as string[] | undefined;
      if (roles) {
        delete operation[OPENAPI_ROLES];
        operation.description = [`Roles: ${roles.join(', ')}.`, operation.description].filter(Boolean).join(' ');
      }
    }
  }
  return document;
}

/** Body-parser failures (bad JSON, too large, bad charset) answered as problem details. */
function withProblemDetails(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const { status = 400, type } = error as { status?: number; type?: string };
      const detail =
        type === 'entity.too.large'
          ? 'The request body is larger than the service accepts.'
          : type === 'entity.parse.failed'
            ? 'The request body is not valid JSON.'
            : 'The request body could not be read.';
      const code = status === 413 ? 'payload-too-large' : status === 415 ? 'unsupported-media-type' : 'invalid-input';
      const body = { ...problem(status, code, detail), instance: req.originalUrl.split('?')[0], correlationId: req.correlationId };
      res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
    });
}

/** Paths that carry a secret (calendar feed addresses), logged with the secret masked. */
export function loggablePath(originalUrl: string): string {
  return originalUrl.split('?')[0].replace(/^(\/api\/calendar-feeds\/)[^/]+/, '$1***');
}

/** One line per request with the correlation id; never the query string or a secret in the path. */
function requestLogger(): RequestHandler {
  const logger = new Logger('HTTP');
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.log(`${req.method} ${loggablePath(req.originalUrl)} ${res.statusCode} ${ms.toFixed(1)}ms [${req.correlationId}]`);
    });
    next();
  };
}
