import { DateTime } from 'luxon';
import { InvalidInputError } from '../common/domain-error';
import { hasPossibleUtcOffset } from '../common/utc-offset';

export const GROUP_BYS = ['organisation', 'team', 'course', 'month'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** Calendar dates and months in reports are those of the service's home, whatever the caller's zone. */
export const REPORT_ZONE = 'Europe/London';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A report boundary: a date-time with an offset is that instant; a plain date is a whole day in
 * London, so `from=2026-03-01` starts at its London midnight and `to=2026-03-31` ends at the last
 * millisecond of that London day. Null when the text is neither, or not a real date.
 */
export function parseReportBoundary(value: string, bound: 'from' | 'to'): Date | null {
  if (DATE_ONLY.test(value)) {
    const day = DateTime.fromISO(value, { zone: REPORT_ZONE });
    if (!day.isValid) return null;
    return (bound === 'from' ? day.startOf('day') : day.endOf('day')).toJSDate();
  }
  if (DATE_TIME_WITH_OFFSET.test(value) && hasPossibleUtcOffset(value)) {
    const instant = DateTime.fromISO(value, { setZone: true });
    return instant.isValid ? instant.toJSDate() : null;
  }
  return null;
}

export interface ReportRange {
  /** Null: from the beginning of records. */
  from: Date | null;
  /** Null: up to the latest record. */
  to: Date | null;
}

/** Both ends are optional (no end: unbounded on that side); `from` after `to` is invalid input. */
export function resolveReportRange(from: string | undefined, to: string | undefined): ReportRange {
  const range = {
    from: from === undefined ? null : parseReportBoundary(from, 'from'),
    to: to === undefined ? null : parseReportBoundary(to, 'to'),
  };
  const errors = [
    ...(from !== undefined && !range.from ? [{ field: 'from', message: BOUNDARY_MESSAGE }] : []),
    ...(to !== undefined && !range.to ? [{ field: 'to', message: BOUNDARY_MESSAGE }] : []),
  ];
  if (errors.length > 0) throw new InvalidInputError('The report range is not valid.', errors);
  if (range.from && range.to && range.from.getTime() > range.to.getTime()) {
    throw new InvalidInputError('The report range is not valid.', [{ field: 'from', message: 'must not be after to' }]);
  }
  return range;
}

export const BOUNDARY_MESSAGE = 'must be a date (2026-03-31) or a date-time with Z or an offset within ±14:00 (2026-03-31T09:00:00Z)';

/** Per cent of the cohort trained, to one decimal place; 0 for an empty cohort. */
export function percentTrained(trained: number, cohort: number): number {
  return cohort === 0 ? 0 : Math.round((trained * 1000) / cohort) / 10;
}

/** 'April 2026' for the month key '2026-04'. */
export function monthLabel(key: string): string {
  const month = DateTime.fromFormat(key, 'yyyy-MM', { zone: REPORT_ZONE, locale: 'en-GB' });
  return month.isValid ? month.toFormat('LLLL yyyy') : key;
}

/** The calendar date of an instant in a time zone, e.g. for "attended on" columns. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? instant.toISOString().slice(0, 10);
}

/**
 * CSV when `format=csv`; without `format`, when the Accept header lists text/csv and prefers it
 * to application/json (higher q, or listed first at equal q). Otherwise JSON.
 */
export function wantsCsv(format: 'json' | 'csv' | undefined, accept: string | undefined): boolean {
  if (format) return format === 'csv';
  const ranges = (accept ?? '').split(',').map((part, index) => {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    return { type: type.trim(), q: q ? Number(q.slice(2)) : 1, index };
  });
  const csv = ranges.find((range) => range.type === 'text/csv' && range.q > 0);
  if (!csv) return false;
  const json = ranges.find((range) => range.type === 'application/json' && range.q > 0);
  return !json || csv.q > json.q || (csv.q === json.q && csv.index < json.index);
}
