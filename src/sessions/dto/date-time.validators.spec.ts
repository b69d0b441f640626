import { canonicalTimeZone, parseInstant } from './date-time.validators';

describe('parseInstant', () => {
  it.each([
    ['2026-11-03T10:00:00Z', '2026-11-03T10:00:00.000Z'],
    ['2026-11-03T11:00:00+01:00', '2026-11-03T10:00:00.000Z'],
    ['2026-11-03T05:30:00-0430', '2026-11-03T10:00:00.000Z'],
    ['2026-11-03T10:00Z', '2026-11-03T10:00:00.000Z'],
    ['2026-11-03T10:00:00.250Z', '2026-11-03T10:00:00.250Z'],
    ['2028-02-29T10:00:00Z', '2028-02-29T10:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['30 February', '2026-02-30T10:00:00Z'],
    ['29 February in a common year', '2027-02-29T10:00:00Z'],
    ['month 13', '2026-13-01T10:00:00Z'],
    ['hour 25', '2026-11-03T25:00:00Z'],
    ['no offset', '2026-11-03T10:00:00'],
    ['a date only', '2026-11-03'],
    ['free text', 'next Tuesday'],
    ['before 1970', '1969-12-31T23:59:59Z'],
    ['an offset of 99 hours', '2026-11-03T10:00:00+99:00'],
    ['an offset beyond 14 hours', '2026-11-03T10:00:00-14:30'],
    ['offset minutes of 99', '2026-11-03T10:00:00+05:99'],
    ['a one-digit offset', '2026-11-03T10:00:00+5:00'],
  ])('refuses %s', (_case, text) => {
    expect(parseInstant(text)).toBeNull();
  });
});

describe('canonicalTimeZone', () => {
  it('returns the canonical spelling of a real zone', () => {
    expect(canonicalTimeZone('Europe/London')).toBe('Europe/London');
    expect(canonicalTimeZone('europe/london')).toBe('Europe/London');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  it.each(['Mars/Olympus', '', '+01:00', 'Europe/London; DROP TABLE', '../etc/passwd'])('refuses %j', (zone) => {
    expect(canonicalTimeZone(zone)).toBeNull();
  });
});
