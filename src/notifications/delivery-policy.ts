/**
 * How the dispatcher treats a failed send. Pure, so the rules are unit-tested without a server.
 */
export type FailureKind = 'transient' | 'permanent';

export interface DeliveryFailure {
  kind: FailureKind;
  message: string;
}

const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3600_000;
const MAX_ERROR_LENGTH = 2000;

/**
 * A 5xx SMTP reply rejects this message for good (unknown mailbox, policy): retrying cannot
 * help. Everything else waits for a retry: 4xx replies (greylisting, mailbox busy), refused
 * connections, timeouts, a full disk, and also failed authentication, which is a fault of the
 * configuration rather than of the message.
 */
export function classifyDeliveryError(error: unknown): DeliveryFailure {
  const details = error as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : undefined;
  const text = [
    typeof details.code === 'string' ? details.code : undefined,
    responseCode,
    typeof details.response === 'string' ? details.response : typeof details.message === 'string' ? details.message : String(error),
  ]
    .filter((part) => part !== undefined)
    .join(' ')
    .slice(0, MAX_ERROR_LENGTH);
  const permanent = responseCode !== undefined && responseCode >= 500 && responseCode < 600 && details.code !== 'EAUTH';
  return { kind: permanent ? 'permanent' : 'transient', message: text };
}

/**
 * Exponential back-off after the given number of failed attempts (1, 2, …): 30 s, 1 min,
 * 2 min, … up to an hour, each spread by ±20 % so instances that failed together do not retry
 * in lockstep. `random` is Math.random in production, fixed in tests.
 */
export function retryDelayMs(failedAttempts: number, random: () => number = Math.random): number {
  const base = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
