import { InvalidInputError } from '../common/domain-error';
import { monthLabel, parseReportBoundary, percentTrained, resolveReportRange, wantsCsv } from './report-definitions';

describe('report boundaries', () => {
  it('reads a plain date as a whole London day, in winter and in summer time', () => {
    expect(parseReportBoundary('2026-01-15', 'from')).toEqual(new Date('2026-01-15T00:00:00.000Z'));
    expect(parseReportBoundary('2026-01-15', 'to')).toEqual(new Date('2026-01-15T23:59:59.999Z'));
    expect(parseReportBoundary('2026-07-01', 'from')).toEqual(new Date('2026-06-30T23:00:00.000Z'));
    expect(parseReportBoundary('2026-07-31', 'to')).toEqual(new Date('2026-07-31T22:59:59.999Z'));
  });

  it('reads a date-time with an offset as that instant', () => {
    expect(parseReportBoundary('2026-03-31T23:30:00Z', 'from')).toEqual(new Date('2026-03-31T23:30:00Z'));
    expect(parseReportBoundary('2026-04-01T00:30:00+01:00', 'to')).toEqual(new Date('2026-03-31T23:30:00Z'));
  });

  it('refuses malformed, impossible or offset-less values, and offsets no zone has', () => {
    for (const bad of ['2026-02-30', '31/03/2026', '2026-3-1', '2026-03-31T10:00', 'yesterday', '', '2026-13-01T00:00:00Z', '2026-03-31T10:00:00+99:00', '2026-03-31T10:00:00-15:00', '2026-03-31T10:00:00+01:75']) {
      expect(parseReportBoundary(bad, 'from')).toBeNull();
    }
  });
});

describe('report range', () => {
  it('leaves omitted ends open', () => {
    expect(resolveReportRange(undefined, undefined)).toEqual({ from: null, to: null });
    expect(resolveReportRange('2026-03-01', undefined).to).toBeNull();
  });

  it('accepts a single day and refuses from after to, naming the field', () => {
    expect(resolveReportRange('2026-03-01', '2026-03-01')).toEqual({
      from: new Date('2026-03-01T00:00:00.000Z'),
      to: new Date('2026-03-01T23:59:59.999Z'),
    });
    const error = (() => {
      try {
        resolveReportRange('2026-04-01', '2026-03-01');
      } catch (e) {
        return e as InvalidInputError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error!.errors).toEqual([{ field: 'from', message: 'must not be after to' }]);
  });
});

describe('percent trained', () => {
  it('rounds to one decimal and is 0 for an empty cohort', () => {
    expect(percentTrained(23, 70)).toBe(32.9);
    expect(percentTrained(1, 3)).toBe(33.3);
    expect(percentTrained(2, 3)).toBe(66.7);
    expect(percentTrained(1, 16)).toBe(6.3);
    expect(percentTrained(7, 7)).toBe(100);
    expect(percentTrained(0, 0)).toBe(0);
  });
});

describe('month labels', () => {
  it('names a month key in British English', () => {
    expect(monthLabel('2026-04')).toBe('April 2026');
    expect(monthLabel('2025-12')).toBe('December 2025');
  });
});

describe('CSV negotiation', () => {
  it('follows format first, then an Accept header that prefers text/csv', () => {
    expect(wantsCsv('csv', undefined)).toBe(true);
    expect(wantsCsv('json', 'text/csv')).toBe(false);
    expect(wantsCsv(undefined, 'text/csv')).toBe(true);
    expect(wantsCsv(undefined, 'text/csv; charset=utf-8, */*;q=0.1')).toBe(true);
    expect(wantsCsv(undefined, 'application/json;q=0.5, text/csv')).toBe(true);
    expect(wantsCsv(undefined, 'text/csv, application/json')).toBe(true);
    expect(wantsCsv(undefined, 'application/json, text/csv;q=0.5')).toBe(false);
    expect(wantsCsv(undefined, 'application/json, text/csv')).toBe(false);
    expect(wantsCsv(undefined, 'text/csv;q=0')).toBe(false);
    expect(wantsCsv(undefined, 'application/json')).toBe(false);
    expect(wantsCsv(undefined, '*/*')).toBe(false);
    expect(wantsCsv(undefined, undefined)).toBe(false);
  });
});
