import { ReadCache } from './read-cache';

describe('ReadCache', () => {
  const at = (ms: number) => new Date(Date.UTC(2026, 11, 2, 9) + ms);
  let counted: number;
  const count = (total: number) => async () => {
    counted++;
    return total;
  };
  beforeEach(() => {
    counted = 0;
  });

  it('reads a key once while no write has ended and it is younger than the limit', async () => {
    const cache = new ReadCache<number>(1_000, 10);
    expect(await cache.get('all', 7, at(0), count(40))).toBe(40);
    expect(await cache.get('all', 7, at(999), count(41))).toBe(40);
    expect(counted).toBe(1);
  });

  it('reads again once a write has ended since the read began', async () => {
    const cache = new ReadCache<number>(1_000, 10);
    await cache.get('all', 7, at(0), count(40));
    expect(await cache.get('all', 8, at(1), count(41))).toBe(41);
    expect(await cache.get('all', 8, at(2), count(42))).toBe(41);
    expect(counted).toBe(2);
  });

  it('reads again at the age limit, and when the clock has gone back', async () => {
    const cache = new ReadCache<number>(1_000, 10);
    await cache.get('all', 7, at(5_000), count(40));
    expect(await cache.get('all', 7, at(6_000), count(41))).toBe(41);
    expect(await cache.get('all', 7, at(4_000), count(42))).toBe(42);
  });

  it('keeps each key apart, and forgets the least recently used past its limit of keys', async () => {
    const cache = new ReadCache<number>(1_000, 2);
    await cache.get('a', 1, at(0), count(1));
    await cache.get('b', 1, at(0), count(2));
    expect(await cache.get('a', 1, at(1), count(10))).toBe(1);
    await cache.get('c', 1, at(2), count(3));
    expect(await cache.get('b', 1, at(3), count(20))).toBe(20);
    expect(await cache.get('c', 1, at(3), count(30))).toBe(3);
  });

  it('shares a read under way with callers that ask meanwhile', async () => {
    const cache = new ReadCache<number>(1_000, 10);
    let finish!: (total: number) => void;
    const first = cache.get('all', 7, at(0), () => {
      counted++;
      return new Promise<number>((resolve) => (finish = resolve));
    });
    const second = cache.get('all', 7, at(1), count(41));
    finish(40);
    expect([await first, await second]).toEqual([40, 40]);
    expect(counted).toBe(1);
  });

  it('does not keep a read that failed: the next caller reads again', async () => {
    const cache = new ReadCache<number>(1_000, 10);
    await expect(cache.get('all', 7, at(0), () => Promise.reject(new Error('database unavailable')))).rejects.toThrow('database unavailable');
    expect(await cache.get('all', 7, at(1), count(40))).toBe(40);
  });
});
