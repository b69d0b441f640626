import { SessionTotals } from './session-totals';

describe('SessionTotals', () => {
  const at = (ms: number) => new Date(Date.UTC(2026, 11, 2, 9) + ms);
  let counted: number;
  const count = (total: number) => async () => {
    counted++;
    return total;
  };
  beforeEach(() => {
    counted = 0;
  });

  it('counts a filter once while no write has ended and it is younger than the limit', async () => {
    const totals = new SessionTotals(1_000);
    expect(await totals.get('all', 7, at(0), count(40))).toBe(40);
    expect(await totals.get('all', 7, at(999), count(41))).toBe(40);
    expect(counted).toBe(1);
  });

  it('counts again once a write has ended since the count began', async () => {
    const totals = new SessionTotals(1_000);
    await totals.get('all', 7, at(0), count(40));
    expect(await totals.get('all', 8, at(1), count(41))).toBe(41);
    expect(await totals.get('all', 8, at(2), count(42))).toBe(41);
    expect(counted).toBe(2);
  });

  it('counts again at the age limit, and when the clock has gone back', async () => {
    const totals = new SessionTotals(1_000);
    await totals.get('all', 7, at(5_000), count(40));
    expect(await totals.get('all', 7, at(6_000), count(41))).toBe(41);
    expect(await totals.get('all', 7, at(4_000), count(42))).toBe(42);
  });

  it('keeps each filter apart, and forgets the oldest past its limit of filters', async () => {
    const totals = new SessionTotals(1_000, 2);
    await totals.get('a', 1, at(0), count(1));
    await totals.get('b', 1, at(0), count(2));
    expect(await totals.get('a', 1, at(1), count(10))).toBe(1);
    await totals.get('c', 1, at(2), count(3));
    expect(await totals.get('b', 1, at(3), count(20))).toBe(20);
    expect(await totals.get('c', 1, at(3), count(30))).toBe(3);
  });
});
