import type { Database } from 'better-sqlite3';
import { DateTime } from 'luxon';

/**
 * `local_month(instant, zone)`: the calendar month ('YYYY-MM') of a stored instant in an IANA
 * zone, which SQLite cannot work out itself (it has no time zones). PostgreSQL's triggers use
 * `to_char(… AT TIME ZONE …)` for the same. Instants are read as TypeORM writes them
 * ('2026-03-31 23:30:00.000', UTC) or as ISO 8601 with an offset; anything else gives NULL, which
 * the NOT NULL column it is written to refuses.
 */
export function localMonth(instant: unknown, zone: unknown): string | null {
  if (typeof instant !== 'string' || typeof zone !== 'string') return null;
  const text = instant.includes('T') ? instant : `${instant.replace(' ', 'T')}Z`;
  const local = DateTime.fromISO(text, { zone: 'utc' }).setZone(zone);
  return local.isValid ? local.toFormat('yyyy-MM') : null;
}

/** The SQL functions the SQLite schema's triggers call: registered on every connection, before anything else runs. */
export function registerSqliteFunctions(db: Database): void {
  db.function('local_month', { deterministic: true }, localMonth);
}
