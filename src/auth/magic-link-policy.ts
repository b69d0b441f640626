/** How long a magic link works; with the limits below, the one place these numbers live. */
export const MAGIC_LINK_TTL_MS = 15 * 60_000;

/**
 * Magic-link request limits, counted in the magic_link_request table so they hold across app
 * instances. Only accepted requests are counted, so a blocked client can try again as soon as
 * the oldest counted request leaves the window. Nothing here is counted per address alone: what
 * strangers ask for an address never blocks the person's own requests from another client.
 */
export const MAGIC_LINK_RATE_LIMITS = {
  windowMs: 15 * 60_000,
  /** Requests from one client address, whatever the addresses asked for (an office shares one). */
  perClient: 60,
  /** Requests from one client address for one e-mail address. */
  perClientAndAddress: 5,
} as const;

/**
 * How many links one person is e-mailed. Beyond `perPerson` in `windowMs`, a request still
 * answers 202 but sends a new link only when no link already sent can still be used, so nobody
 * can leave a person without a way in, and nobody can flood their inbox.
 */
export const MAGIC_LINK_MAIL_LIMITS = {
  windowMs: 60 * 60_000,
  perPerson: 3,
} as const;

/** Failed token exchanges (unknown, used or expired tokens) one client address may make. */
export const TOKEN_EXCHANGE_RATE_LIMITS = {
  windowMs: 15 * 60_000,
  failuresPerClient: 10,
} as const;

/**
 * Seconds until one more request fits, or null when it fits now. `recent` holds the times of
 * the most recent counted requests for one key, newest first.
 */
export function retryAfterSeconds(recent: Date[], limit: number, windowMs: number, now: Date): number | null {
  const inWindow = recent.filter((at) => now.getTime() - at.getTime() < windowMs);
  if (inWindow.length < limit) return null;
  const limitingRequest = inWindow[limit - 1];
  const freeAt = limitingRequest.getTime() + windowMs;
  return Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
}

/** Whether a request may e-mail the person a new link (see MAGIC_LINK_MAIL_LIMITS). */
export function mayEmailNewLink(linksSentInWindow: number, hasUsableLink: boolean): boolean {
  return linksSentInWindow < MAGIC_LINK_MAIL_LIMITS.perPerson || !hasUsableLink;
}

/**
 * The page to open after signing in, when it is a path on this site: one leading "/", never
 * "//host" or "/\host" (which browsers read as another host), no control characters or
 * backslashes. Anything else is dropped, so a link can never send anyone to another site.
 */
export function sameSitePath(candidate: string | undefined): string | null {
  if (candidate === undefined || candidate.length > 500) return null;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return null;
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f\\]/.test(candidate) ? null : candidate;
}
