import { randomInt } from 'node:crypto';
import { BusinessRuleError, FieldError } from '../common/domain-error';

/** Self check-in opens this long before the session starts and closes when it ends. */
export const CHECK_IN_OPENS_BEFORE_MS = 15 * 60_000;
/** Wrong check-in codes a person may enter within CHECK_IN_ATTEMPT_WINDOW_MS. */
export const CHECK_IN_ATTEMPT_LIMIT = 5;
export const CHECK_IN_ATTEMPT_WINDOW_MS = 10 * 60_000;

/** No 0/O, 1/I/L: codes are read off a screen and typed on a phone. */
export const CHECK_IN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CHECK_IN_CODE_LENGTH = 6;

interface SessionTimes {
  startsAt: Date;
  endsAt: Date;
  status: 'scheduled' | 'cancelled';
}

/** The register may be written from the session's start on (corrections any time later), never once cancelled. */
export function assertRegisterOpen(session: SessionTimes, now: Date): void {
  if (session.status === 'cancelled') {
    throw new BusinessRuleError('session-cancelled', 'The session is cancelled: it has no register.');
  }
  if (now.getTime() < session.startsAt.getTime()) {
    throw new BusinessRuleError('session-not-started', 'Attendance can be recorded once the session has started.');
  }
}

export function checkInWindow(session: SessionTimes): { validFrom: Date; validUntil: Date } {
  return { validFrom: new Date(session.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS), validUntil: session.endsAt };
}

export function assertCheckInOpen(session: SessionTimes, now: Date): void {
  if (session.status === 'cancelled') {
    throw new BusinessRuleError('session-cancelled', 'The session is cancelled.');
  }
  const { validFrom, validUntil } = checkInWindow(session);
  if (now.getTime() < validFrom.getTime() || now.getTime() > validUntil.getTime()) {
    throw new BusinessRuleError(
      'check-in-closed',
      `Self check-in is open from ${validFrom.toISOString()} to ${validUntil.toISOString()}.`,
    );
  }
}

export function generateCheckInCode(pick: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < CHECK_IN_CODE_LENGTH; i++) code += CHECK_IN_CODE_ALPHABET[pick(CHECK_IN_CODE_ALPHABET.length)];
  return code;
}

/** People type codes in lower case, with spaces or a dash in the middle: none of that makes a code wrong. */
export function normaliseCheckInCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export function checkInCodeMatches(expected: string | null, entered: string): boolean {
  return expected !== null && normaliseCheckInCode(entered) === expected;
}

/**
 * Whether a person may try another code, given the times of their wrong codes within the
 * window; when not, how many seconds until the oldest of them stops counting.
 */
export function checkInAttemptVerdict(recentWrongAttempts: Date[], now: Date): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const windowStart = now.getTime() - CHECK_IN_ATTEMPT_WINDOW_MS;
  const counted = recentWrongAttempts.map((at) => at.getTime()).filter((at) => at > windowStart);
  if (counted.length < CHECK_IN_ATTEMPT_LIMIT) return { allowed: true };
  const oldest = Math.min(...counted);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + CHECK_IN_ATTEMPT_WINDOW_MS - now.getTime()) / 1000)) };
}

/** Each person may appear once in a register update: a second entry would make the outcome depend on order. */
export function duplicatePersonErrors(records: Array<{ personId: string }>): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  records.forEach((record, index) => {
    if (seen.has(record.personId)) {
      errors.push({ field: `records.${index}.personId`, message: 'appears more than once in this register' });
    }
    seen.add(record.personId);
  });
  return errors;
}
