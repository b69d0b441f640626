/**
 * A request's address as it may be written to a log: without the query string (it may hold a
 * sign-in token or anything else a client put there) and with the secret of a calendar feed
 * address masked. The one masking rule for every logger that prints an address.
 */
export function loggablePath(originalUrl: string): string {
  // Routing ignores case, so the mask must too.
  return originalUrl.split('?')[0].replace(/(^|\/)(calendar-feeds\/)[^/]*/gi, '$1$2***');
}
