import { dirname, join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import nunjucks from 'nunjucks';
import { isApiRequest } from '../common/api-request';
import { ServiceSecrets } from '../auth/service-secrets.service';
import type { FieldError } from '../common/domain-error';
import { Environment } from '../config/environment';
import { csrfProtection, pageSecurityHeaders, visitorCookie } from './web-security';
import { webAssets } from './web-assets';
import { compactMarkup, FragmentCache } from './fragment-cache';
import { trimFilter } from './template-filters';

export const SERVICE_NAME = 'Information skills training';
export const ORGANISATION_NAME = 'NHS Ayrshire & Arran';
const CSRF_SECRET_NAME = 'web-form-csrf';

/** Runs a middleware only for page requests, never for the API. */
function forPages(handler: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => (isApiRequest(req) ? next() : handler(req, res, next));
}

/**
 * The web pages' side of the HTTP surface, called once from configureApp: Nunjucks with
 * nhsuk-frontend's templates, the design system's assets served from node_modules, a CSP nonce
 * per page, the visitor cookie and CSRF tokens for forms.
 */
export function configureWeb(app: INestApplication): void {
  const environment = app.get(Environment);
  const secrets = app.get(ServiceSecrets);
  const express = app.getHttpAdapter().getInstance() as Express;

  const views = join(__dirname, 'views');
  const templates = nunjucks.configure([views, join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist')], {
    autoescape: true,
    express,
    noCache: false,
  });
  express.set('view engine', 'njk');
  express.set('views', views);
  templates.addFilter('trim', trimFilter);
  // {{ fragment("x.njk", data) }}: a part of a page drawn once for each distinct `data` (see FragmentCache), compacted.
  const fragments = new FragmentCache();
  templates.addGlobal('fragment', (template: string, data: object) =>
    new nunjucks.runtime.SafeString(fragments.get(template, data, () => compactMarkup(templates.render(template, data)))),
  );

  const assets = webAssets();
  templates.addGlobal('assets', assets.paths);
  templates.addGlobal('serviceName', SERVICE_NAME);
  templates.addGlobal('organisationName', ORGANISATION_NAME);
  // Field errors as the NHS error pattern wants them: a summary that links to each field, and the message beside it.
  templates.addFilter('errorList', (errors: FieldError[] | undefined) =>
    (errors ?? []).map((error) => ({ text: error.message, href: `#${error.field}` })),
  );
  templates.addGlobal('errorFor', (errors: FieldError[] | undefined, field: string) => {
    const error = errors?.find((candidate) => candidate.field === field);
    return error ? { text: error.message } : undefined;
  });

  app.use(assets.router);
  for (const handler of [
    ...pageSecurityHeaders(),
    visitorCookie(environment),
    ...csrfProtection(environment, () => secrets.get(CSRF_SECRET_NAME)),
  ]) {
    app.use(forPages(handler));
  }
}
