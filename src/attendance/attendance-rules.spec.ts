import { BusinessRuleError } from '../common/domain-error';
import {
  assertCheckInOpen,
  assertRegisterOpen,
  CHECK_IN_CODE_ALPHABET,
  checkInAttemptVerdict,
  checkInCodeMatches,
  checkInWindow,
  duplicatePersonErrors,
  generateCheckInCode,
} from './attendance-rules';

const session = { startsAt: new Date('2026-03-10T10:00:00Z'), endsAt: new Date('2026-03-10T12:00:00Z'), status: 'scheduled' as const };
const at = (iso: string) => new Date(iso);

function codeOf(work: () => void): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return (error as BusinessRuleError).code;
  }
}

describe('the register window', () => {
  it('opens at the start and stays open for corrections afterwards', () => {
    expect(codeOf(() => assertRegisterOpen(session, at('2026-03-10T09:59:59.999Z')))).toBe('session-not-started');
    expect(codeOf(() => assertRegisterOpen(session, at('2026-03-10T10:00:00Z')))).toBeUndefined();
    expect(codeOf(() => assertRegisterOpen(session, at('2027-01-01T00:00:00Z')))).toBeUndefined();
  });

  it('never opens for a cancelled session', () => {
    expect(codeOf(() => assertRegisterOpen({ ...session, status: 'cancelled' }, at('2026-03-10T11:00:00Z')))).toBe('session-cancelled');
  });
});

describe('the self check-in window', () => {
  it('runs from 15 minutes before the start to the end, both included', () => {
    expect(checkInWindow(session)).toEqual({ validFrom: at('2026-03-10T09:45:00Z'), validUntil: session.endsAt });
    expect(codeOf(() => assertCheckInOpen(session, at('2026-03-10T09:44:59.999Z')))).toBe('check-in-closed');
    expect(codeOf(() => assertCheckInOpen(session, at('2026-03-10T09:45:00Z')))).toBeUndefined();
    expect(codeOf(() => assertCheckInOpen(session, at('2026-03-10T12:00:00Z')))).toBeUndefined();
    expect(codeOf(() => assertCheckInOpen(session, at('2026-03-10T12:00:00.001Z')))).toBe('check-in-closed');
    expect(codeOf(() => assertCheckInOpen({ ...session, status: 'cancelled' }, at('2026-03-10T10:00:00Z')))).toBe('session-cancelled');
  });
});

describe('check-in codes', () => {
  it('are six characters from an alphabet without look-alikes', () => {
    expect(CHECK_IN_CODE_ALPHABET).not.toMatch(/[01ILO]/);
    for (let i = 0; i < 200; i++) expect(generateCheckInCode()).toMatch(new RegExp(`^[${CHECK_IN_CODE_ALPHABET}]{6}$`));
    expect(generateCheckInCode(() => 0)).toBe('AAAAAA');
  });

  it('match regardless of case, spaces and dashes, and never when the session has none', () => {
    expect(checkInCodeMatches('K7MQ2X', 'k7m-q2x')).toBe(true);
    expect(checkInCodeMatches('K7MQ2X', ' K7M Q2X ')).toBe(true);
    expect(checkInCodeMatches('K7MQ2X', 'K7MQ2Y')).toBe(false);
    expect(checkInCodeMatches(null, '')).toBe(false);
  });
});

describe('wrong-code limit', () => {
  const now = at('2026-03-10T10:00:00Z');
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

  it('allows up to four wrong codes within ten minutes and refuses the sixth attempt after five', () => {
    expect(checkInAttemptVerdict([1, 2, 3, 4].map(minutesAgo), now)).toEqual({ allowed: true });
    expect(checkInAttemptVerdict([9, 4, 3, 2, 1].map(minutesAgo), now)).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('forgets wrong codes older than ten minutes', () => {
    expect(checkInAttemptVerdict([10, 4, 3, 2, 1].map(minutesAgo), now)).toEqual({ allowed: true });
  });
});

describe('duplicate register entries', () => {
  it('names every repeat by its position', () => {
    const entries = ['a', 'b', 'a', 'c', 'b'].map((personId) => ({ personId }));
    expect(duplicatePersonErrors(entries).map((e) => e.field)).toEqual(['records.2.personId', 'records.4.personId']);
    expect(duplicatePersonErrors([{ personId: 'a' }])).toEqual([]);
  });
});
