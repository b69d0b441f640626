/**
 * Values read from the database, kept per key and used again while they are still current, for
 * reads far more frequent than the writes that change them (the sessions catalogue).
 *
 * A value is used again only while both hold:
 * - no unit of work of this instance has ended since before it was read (the write generation
 *   of `Transactions` is unchanged), so this instance's own writes show at once;
 * - it is younger than `maxAgeMs` on the service's clock, which bounds how long a write made by
 *   another instance, or the passing of a time that a filter compares with, can go unseen.
 * Callers that ask while the same read is under way share it; a read that fails is not kept.
 * See docs/decisions/2026-12-02-sessions-list.md.
 */
export class ReadCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; generation: number; readAt: number }>();

  constructor(
    private readonly maxAgeMs: number,
    /** Keys kept at most; past it the least recently used is forgotten (keys hold values chosen by clients). */
    private readonly maxEntries: number,
  ) {}

  /** The value for `key`, read by `read` unless one still current is at hand. */
  get(key: string, generation: number, now: Date, read: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    // Taken out and put back: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    if (known && known.generation === generation && Math.abs(now.getTime() - known.readAt) < this.maxAgeMs) {
      this.entries.set(key, known);
      return known.value;
    }
    const entry = { value: read(), generation, readAt: now.getTime() };
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }
}
