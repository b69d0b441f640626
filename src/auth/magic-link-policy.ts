/** How long a magic link works; with the rate limits below, the one place these numbers live. */
export const MAGIC_LINK_TTL_MS = 15 * 60_000;

/**
 * Magic-link request limits, counted in the magic_link_request table so they hold across app
 * instances. Only accepted requests are recorded, so a blocked caller can try again as soon as
 * the oldest counted request leaves the window.
 */
export const MAGIC_LINK_RATE_LIMITS = {
  windowMs: 15 * 60_000,
  perAddress: 5,
  perClient: 30,
} as const;

/**
 * Seconds until one more request fits, or null when it fits now. `recent` holds the times of
 * the most recent counted requests for one key (address or client), newest first.
 */
export function retryAfterSeconds(recent: Date[], limit: number, windowMs: number, now: Date): number | null {
  const inWindow = recent.filter((at) => now.getTime() - at.getTime() < windowMs);
  if (inWindow.length < limit) return null;
  const limitingRequest = inWindow[limit - 1];
  const freeAt = limitingRequest.getTime() + windowMs;
  return Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
}
