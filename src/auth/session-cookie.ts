import type { CookieOptions } from 'express';
import type { Environment } from '../config/environment';

/**
 * The web pages' sign-in cookie (ACCESS_COOKIE): invisible to scripts, not sent on cross-site
 * requests other than top-level navigation, and HTTPS-only when the service is served over HTTPS.
 */
export function sessionCookieOptions(environment: Environment, expiresAt?: Date): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: environment.publicUrl.startsWith('https:'),
    path: '/',
    ...(expiresAt ? { expires: expiresAt } : {}),
  };
}
