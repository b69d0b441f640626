import type { Request } from 'express';
import { isApiRequest } from '../common/api-request';
import { DomainError } from '../common/domain-error';

/** 403: a state-changing API request carried the sign-in cookie but did not come from the service's own pages. */
export class CrossSiteRequestError extends DomainError {
  readonly status = 403;
  readonly code = 'cross-site-request';

  constructor() {
    super(
      'Cross-site request refused: a change made with the sign-in cookie must come from this service\'s own pages. ' +
        'API clients send Authorization: Bearer <token> instead.',
    );
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether an API request signed in by the cookie may change anything: only when the browser says
 * it comes from this origin (`Sec-Fetch-Site: same-origin`, or `none` for what the person typed),
 * or names this origin in `Origin`. A browser attaches the cookie to requests that other sites
 * make, so without this a page elsewhere could book places or rotate feeds in someone's name.
 * Reads (GET, HEAD) change nothing and pass; so do the web pages outside /api, which carry
 * their own CSRF tokens.
 */
export function mayActOnCookie(request: Request, publicOrigin: string): boolean {
  if (SAFE_METHODS.has(request.method) || !isApiRequest(request)) return true;
  const site = request.get('sec-fetch-site');
  if (site === 'same-origin' || site === 'none') return true;
  return request.get('origin') === publicOrigin;
}
