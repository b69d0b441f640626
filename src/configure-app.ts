import { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { OPENAPI_PUBLIC, OPENAPI_ROLES } from './auth/auth.decorators';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { DestinationStream } from 'pino';
import { isApiRequest } from './common/api-request';
import { correlationIdMiddleware } from './common/correlation-id';
import { createAppLogger, LogOutput, nestLogger, requestLogging } from './common/logging';
import { requireJsonBodiesOnApi } from './common/json-bodies.middleware';
import { ProblemDetailsDto } from './common/api-problems.decorator';
import { PROBLEM_CONTENT_TYPE, problem } from './common/problem-details';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { MAX_INPUT_DEPTH } from './common/input-limits';
import { createValidationPipe } from './common/validation';
import { Environment } from './config/environment';
import { configureWeb } from './web/configure-web';
import { answerProblemAsPage } from './web/web-errors';

/** Options for NestFactory.create / createNestApplication: configureApp installs its own parsers. */
export const APP_OPTIONS: NestApplicationOptions = { bodyParser: false, bufferLogs: true };

export const JSON_BODY_LIMIT = '1mb';

/**
 * Everything that makes the HTTP surface what it is, shared by main.ts and every e2e test so
 * tests run the same parsers, pipes, filters, headers and log lines as production. Log lines go
 * to `logDestination`: main.ts gives an asynchronous one; tests read them from process.stdout.
 */
export function configureApp(app: INestApplication, logDestination: DestinationStream = process.stdout): INestApplication {
  const environment = app.get(Environment);
  (app.getHttpAdapter().getInstance() as express.Express).set('trust proxy', environment.trustProxy);
  const logger = createAppLogger(environment.LOG_LEVEL, logDestination);
  app.get(LogOutput).use(logDestination);
  app.useLogger(nestLogger(logger));
  app.use(correlationIdMiddleware);
  app.use(requestLogging(logger));
  app.use('/api/docs', helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } } }));
  app.use(helmet());
  app.use(cookieParser());
  app.use(requireJsonBodiesOnApi({ 'POST /api/people/import': 'text/csv' }));
  app.use(withProblemDetails(express.json({ limit: JSON_BODY_LIMIT, strict: true })));
  app.use(outsideApi(withProblemDetails(express.urlencoded({ extended: false, limit: '100kb' }))));
  configureWeb(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(answerProblemAsPage));
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
        '`correlationId` and, for invalid input, `errors: [{field, message}]`. Bodies are ' +
        '`application/json` (415 otherwise; the people import reads `text/csv`); a string containing a ' +
        `NUL character, or JSON nested more than ${MAX_INPUT_DEPTH} levels deep, is 400. Times are ISO 8601 ` +
        'with `Z` or an offset within ±14:00.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'bearer')
    .addCookieAuth(
      'tt_session',
      {
        type: 'apiKey',
        in: 'cookie',
        description:
          "The web pages' sign-in (httpOnly, SameSite=Lax), also used by this page. A POST, PUT, PATCH or " +
          "DELETE signed in by the cookie alone is acted on only when it comes from the service's own origin " +
          '(`Sec-Fetch-Site: same-origin` or `none`, or `Origin` equal to PUBLIC_URL\'s origin); a cross-site ' +
          'one is 403 `cross-site-request` and changes nothing. API clients use the bearer token.',
      },
      'cookie',
    )
    .build();
  const document = documentAccess(SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto] }));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml' });
}

const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } };
const CROSS_SITE_403 = 'A cross-site request signed in by the cookie (see the cookie scheme) is 403 `cross-site-request`.';

/**
 * The AuthGuard and the body rules are global, so their answers are documented here once: every
 * operation not marked @Public() needs a bearer token or the session cookie and may answer 401
 * (403 for a cross-site change by cookie); @Roles() operations name their roles in the
 * description; every operation that takes a body may answer 415.
 */
function documentAccess(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method] as (OperationObject & Record<string, unknown>) | undefined;
      if (!operation) continue;
      if (operation.requestBody) {
        operation.responses['415'] ??= { description: 'The body is not in the media type this operation reads.', content: PROBLEM_CONTENT };
      }
      if (operation[OPENAPI_PUBLIC]) {
        delete operation[OPENAPI_PUBLIC];
        operation.security = [];
        continue;
      }
      operation.security = [{ bearer: [] }, { cookie: [] }];
      operation.responses['401'] ??= {
        description: 'No credentials, or unknown, expired or revoked ones.',
        content: PROBLEM_CONTENT,
      };
      if (method !== 'get') {
        const forbidden = operation.responses['403'] as { description?: string } | undefined;
        operation.responses['403'] = forbidden
          ? { ...forbidden, description: `${forbidden.description ?? ''} ${CROSS_SITE_403}`.trim() }
          : { description: CROSS_SITE_403, content: PROBLEM_CONTENT };
      }
      const roles = operation[OPENAPI_ROLES] as string[] | undefined;
      if (roles) {
        delete operation[OPENAPI_ROLES];
        operation.description = [`Roles: ${roles.join(', ')}.`, operation.description].filter(Boolean).join(' ');
      }
    }
  }
  return document;
}

/** Form bodies are for the web pages' forms only; the API answers them 415 before this. */
function outsideApi(handler: RequestHandler): RequestHandler {
  return (req, res, next) => (isApiRequest(req) ? next() : handler(req, res, next));
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
