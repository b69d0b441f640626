import { MAGIC_LINK_MAIL_LIMITS, mayEmailNewLink, retryAfterSeconds, sameSitePath } from './magic-link-policy';
import { SPENT_TOKEN_GRACE_MS } from './sign-in-purge.service';

const now = new Date('2026-03-03T10:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const WINDOW = 15 * 60_000;

describe('retryAfterSeconds', () => {
  it('lets a request through while fewer than the limit fall in the window', () => {
    expect(retryAfterSeconds([minutesAgo(1), minutesAgo(2)], 3, WINDOW, now)).toBeNull();
  });

  it('ignores requests older than the window', () => {
    expect(retryAfterSeconds([minutesAgo(1), minutesAgo(15), minutesAgo(20)], 2, WINDOW, now)).toBeNull();
  });

  it('at the limit, waits until the limit-th newest request leaves the window', () => {
    // Newest first: the 3rd newest was 10 minutes ago, so one more fits in 5 minutes.
    expect(retryAfterSeconds([minutesAgo(1), minutesAgo(4), minutesAgo(10)], 3, WINDOW, now)).toBe(300);
  });

  it('never answers less than one second', () => {
    const almostOut = new Date(now.getTime() - WINDOW + 10);
    expect(retryAfterSeconds([almostOut], 1, WINDOW, now)).toBe(1);
  });
});

describe('mayEmailNewLink', () => {
  const { perPerson } = MAGIC_LINK_MAIL_LIMITS;

  it('sends while fewer than the hourly number of links went out, usable ones or not', () => {
    expect(mayEmailNewLink(0, false)).toBe(true);
    expect(mayEmailNewLink(perPerson - 1, true)).toBe(true);
  });

  it('beyond that, sends only when no link sent can still be used', () => {
    expect(mayEmailNewLink(perPerson, true)).toBe(false);
    expect(mayEmailNewLink(perPerson + 5, true)).toBe(false);
    expect(mayEmailNewLink(perPerson, false)).toBe(true);
  });

  it('counts magic tokens that the purge keeps for longer than the window', () => {
    expect(SPENT_TOKEN_GRACE_MS).toBeGreaterThan(MAGIC_LINK_MAIL_LIMITS.windowMs);
  });
});

describe('sameSitePath', () => {
  it('keeps a path on this site, with its query', () => {
    expect(sameSitePath('/')).toBe('/');
    expect(sameSitePath('/bookings/3f1c?tab=waiting')).toBe('/bookings/3f1c?tab=waiting');
  });

  it.each([
    ['another host, protocol-relative', '//evil.example/x'],
    ['another host, backslash', '/\\evil.example/x'],
    ['a backslash later on', '/a\\b'],
    ['an absolute address', 'https://evil.example/'],
    ['a relative path', 'bookings'],
    ['a tab, which browsers drop', '/\t/evil.example'],
    ['a line break', '/a\nb'],
    ['nothing', ''],
    ['an overlong path', `/${'a'.repeat(500)}`],
  ])('drops %s', (_, candidate) => {
    expect(sameSitePath(candidate)).toBeNull();
  });

  it('drops a missing value', () => {
    expect(sameSitePath(undefined)).toBeNull();
  });
});
