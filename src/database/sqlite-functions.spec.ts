import Database from 'better-sqlite3';
import { localMonth, registerSqliteFunctions } from './sqlite-functions';

describe('local_month, the SQLite function behind the report months', () => {
  it('reads the month in the zone: 23:30 UTC on 31 March 2026 (summer time) is April in London, on 31 January it is January', () => {
    expect(localMonth('2026-03-31 23:30:00.000', 'Europe/London')).toBe('2026-04');
    expect(localMonth('2026-03-31 22:59:59.999', 'Europe/London')).toBe('2026-03');
    expect(localMonth('2026-01-31 23:30:00.000', 'Europe/London')).toBe('2026-01');
    expect(localMonth('2026-10-31 23:30:00.000', 'Europe/London')).toBe('2026-10'); // summer time ended on 25 October
    expect(localMonth('2026-06-30T23:30:00Z', 'Europe/London')).toBe('2026-07');
    expect(localMonth('2026-06-30 23:30:00', 'UTC')).toBe('2026-06');
  });

  it('gives NULL for what is not an instant or not a zone', () => {
    expect(localMonth('yesterday', 'Europe/London')).toBeNull();
    expect(localMonth('2026-06-30 23:30:00', 'Europe/Nowhere')).toBeNull();
    expect(localMonth(null, 'Europe/London')).toBeNull();
    expect(localMonth(20260630, 'Europe/London')).toBeNull();
  });

  it('is callable from SQL once registered', () => {
    const db = new Database(':memory:');
    registerSqliteFunctions(db);
    expect(db.prepare(`SELECT local_month('2026-03-31 23:30:00.000', 'Europe/London') AS month`).get()).toEqual({ month: '2026-04' });
    db.close();
  });
});
