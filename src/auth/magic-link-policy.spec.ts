import { retryAfterSeconds } from './magic-link-policy';

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
