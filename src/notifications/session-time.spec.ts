import { formatInstant, formatSessionTime, formatShortStart } from './session-time';

describe('formatSessionTime', () => {
  it('shows winter sessions in GMT', () => {
    expect(formatSessionTime(new Date('2026-03-03T10:00:00Z'), new Date('2026-03-03T12:00:00Z'), 'Europe/London')).toBe(
      'Tuesday 3 March 2026, 10:00 to 12:00 (GMT)',
    );
  });

  it('shows summer sessions in BST, an hour ahead of UTC', () => {
    expect(formatSessionTime(new Date('2026-03-31T08:00:00Z'), new Date('2026-03-31T10:00:00Z'), 'Europe/London')).toBe(
      'Tuesday 31 March 2026, 09:00 to 11:00 (BST)',
    );
  });

  it('uses the session zone, whatever the server zone', () => {
    expect(formatSessionTime(new Date('2026-07-01T13:00:00Z'), new Date('2026-07-01T14:30:00Z'), 'America/New_York')).toBe(
      'Wednesday 1 July 2026, 09:00 to 10:30 (GMT-4)',
    );
  });

  it('names both ends of a session that runs past midnight or across a clock change', () => {
    expect(formatSessionTime(new Date('2026-03-03T22:00:00Z'), new Date('2026-03-04T01:00:00Z'), 'Europe/London')).toBe(
      'Tuesday 3 March 2026, 22:00 (GMT) to Wednesday 4 March 2026, 01:00 (GMT)',
    );
    expect(formatSessionTime(new Date('2026-03-29T00:30:00Z'), new Date('2026-03-29T02:00:00Z'), 'Europe/London')).toBe(
      'Sunday 29 March 2026, 00:30 (GMT) to 03:00 (BST)',
    );
  });

  it('falls back to UTC for a zone the runtime does not know', () => {
    expect(formatSessionTime(new Date('2026-03-03T10:00:00Z'), new Date('2026-03-03T12:00:00Z'), 'Nowhere/Atlantis')).toBe(
      'Tuesday 3 March 2026, 10:00 to 12:00 (UTC)',
    );
  });
});

describe('formatShortStart and formatInstant', () => {
  it('format compactly for subjects and in full for expiry times', () => {
    expect(formatShortStart(new Date('2026-07-03T09:00:00Z'), 'Europe/London')).toBe('Fri 3 Jul 2026, 10:00');
    expect(formatInstant(new Date('2026-03-03T10:15:00Z'), 'Europe/London')).toBe('10:15 (GMT) on Tuesday 3 March 2026');
  });
});
