import { randomBytes } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { ACCESS_COOKIE } from '../auth/credentials.service';
import { sessionCookieOptions } from '../auth/session-cookie';
import type { Environment } from '../config/environment';
import { samePagePath } from './web-paths';

/** Identifies a browser that has not signed in yet, so the sign-in forms carry a CSRF token too. */
export const VISITOR_COOKIE = 'tt_visitor';
export const CSRF_COOKIE = 'tt_csrf';
/** The hidden form field that carries the CSRF token. */
export const CSRF_FIELD = '_csrf';

declare module 'express-serve-static-core' {
  interface Request {
    csrfSecret?: string;
  }
}

/** A fresh nonce per page for the one inline script nhsuk-frontend's template needs; no 'unsafe-inline'. */
export function pageSecurityHeaders(): RequestHandler[] {
  return [
    (_req, res, next) => {
      res.locals.cspNonce = randomBytes(16).toString('base64');
      next();
    },
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
          styleSrc: ["'self'"],
          fontSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
        },
      },
      // The page a stale form came from (its Referer) is where sign-in leads back to; other sites
      // still get no Referer (helmet's default, no-referrer, would lose the person's place).
      referrerPolicy: { policy: 'same-origin' },
    }),
  ];
}

/** Gives a browser without a sign-in a random identifier for its form tokens. */
export function visitorCookie(environment: Environment): RequestHandler {
  return (req, res, next) => {
    const cookies = req.cookies as Record<string, string | undefined>;
    if (!cookies[ACCESS_COOKIE] && !cookies[VISITOR_COOKIE]) {
      const visitor = randomBytes(18).toString('base64url');
      cookies[VISITOR_COOKIE] = visitor;
      res.cookie(VISITOR_COOKIE, visitor, sessionCookieOptions(environment));
    }
    next();
  };
}

/**
 * Double-submit CSRF tokens (csrf-csrf) for every state-changing web form, bound to the browser's
 * sign-in (or visitor) cookie and signed with a key shared by all instances. A token that fails
 * is answered without running the route: a cross-site post gets a refusal page; a stale token
 * (an old tab, a sign-in that changed) sends the person to sign in again and back to the page.
 */
export function csrfProtection(environment: Environment, loadSecret: () => Promise<string>) {
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: (req) => req!.csrfSecret!,
    getSessionIdentifier: (req) => {
      const cookies = req.cookies as Record<string, string | undefined>;
      return cookies[ACCESS_COOKIE] ?? cookies[VISITOR_COOKIE] ?? '';
    },
    cookieName: CSRF_COOKIE,
    cookieOptions: { ...sessionCookieOptions(environment), sameSite: 'lax' },
    getCsrfTokenFromRequest: (req) => {
      // A file upload (multipart) is parsed only by its own route, after this check, so that no
      // byte of a large body is read for a request that fails it: its form carries the token in
      // the action's query string (?_csrf=…) instead. Only multipart requests may do so.
      const source = req.is('multipart/form-data') ? (req.query as Record<string, unknown>) : (req.body as Record<string, unknown> | undefined);
      const token = source?.[CSRF_FIELD];
      return typeof token === 'string' ? token : undefined;
    },
  });

  const withSecret: RequestHandler = (req, _res, next) => {
    loadSecret().then(
      (secret) => {
        req.csrfSecret = secret;
        next();
      },
      (error: unknown) => next(error),
    );
  };

  const verify: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    doubleCsrfProtection(req, res, (error?: unknown) => {
      if (!error) {
        delete (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
        return next();
      }
      res.setHeader('Cache-Control', 'no-store');
      if (isCrossSite(req, environment)) {
        res.status(403).render('errors/cross-site.njk', { pageTitle: 'This form came from another website' });
        return;
      }
      const place = samePagePath(req.get('referer'), environment.publicUrl) ?? '/';
      res.redirect(303, `/sign-in?next=${encodeURIComponent(place)}&reason=form-expired`);
    });
  };

  const exposeToken: RequestHandler = (req, res, next) => {
    res.locals.csrfToken = generateCsrfToken(req, res);
    next();
  };

  return [withSecret, verify, exposeToken];
}

function isCrossSite(req: Request, environment: Environment): boolean {
  const site = req.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = req.get('origin');
  return origin !== undefined && origin !== new URL(environment.publicUrl).origin;
}
