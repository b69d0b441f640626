import { DateTime } from 'luxon';

export interface BankHoliday {
  /** The day it is taken off, `YYYY-MM-DD`: the substitute day when the holiday falls at a weekend. */
  date: string;
  name: string;
}

const SATURDAY = 6;

/**
 * Scotland's bank holidays in `year` by the standing rules: New Year's Day and 2 January, Good
 * Friday, the early May bank holiday (first Monday of May), the spring bank holiday (last
 * Monday of May), the summer bank holiday (first Monday of August), St Andrew's Day (30
 * November), Christmas Day and Boxing Day. A holiday at a weekend is taken on the next weekday
 * that is not already a holiday ("(substitute day)"), so Christmas on a Saturday is Monday 27
 * and Boxing Day Tuesday 28. One-off changes by royal proclamation (a moved May holiday, a
 * jubilee or a state funeral) are not foreseeable and not included.
 */
export function scottishBankHolidays(year: number): BankHoliday[] {
  const day = (month: number, dayOfMonth: number) => DateTime.utc(year, month, dayOfMonth);
  const mondayOnOrAfter = (date: DateTime) => date.plus({ days: (8 - date.weekday) % 7 });
  const holidays: Array<{ date: DateTime; name: string }> = [
    { date: day(1, 1), name: "New Year's Day" },
    { date: day(1, 2), name: '2nd January' },
    { date: easterSunday(year).minus({ days: 2 }), name: 'Good Friday' },
    { date: mondayOnOrAfter(day(5, 1)), name: 'Early May bank holiday' },
    { date: mondayOnOrAfter(day(5, 25)), name: 'Spring bank holiday' },
    { date: mondayOnOrAfter(day(8, 1)), name: 'Summer bank holiday' },
    { date: day(11, 30), name: "St Andrew's Day" },
    { date: day(12, 25), name: 'Christmas Day' },
    { date: day(12, 26), name: 'Boxing Day' },
  ];
  // Holidays on weekdays keep their day; then each weekend one, in date order, takes the next free weekday.
  const taken = new Set(holidays.filter((h) => h.date.weekday < SATURDAY).map((h) => h.date.toISODate()!));
  const observed = holidays.map((holiday) => {
    if (holiday.date.weekday < SATURDAY) return { date: holiday.date.toISODate()!, name: holiday.name };
    let substitute = holiday.date;
    while (substitute.weekday >= SATURDAY || taken.has(substitute.toISODate()!)) substitute = substitute.plus({ days: 1 });
    taken.add(substitute.toISODate()!);
    return { date: substitute.toISODate()!, name: `${holiday.name} (substitute day)` };
  });
  return observed.sort((a, b) => a.date.localeCompare(b.date));
}

const byYear = new Map<number, Set<string>>();

/** Whether the calendar day `YYYY-MM-DD` is a bank holiday (or substitute day) in Scotland. */
export function isScottishBankHoliday(isoDate: string): boolean {
  const year = Number(isoDate.slice(0, 4));
  let dates = byYear.get(year);
  if (!dates) {
    dates = new Set(scottishBankHolidays(year).map((holiday) => holiday.date));
    byYear.set(year, dates);
  }
  return dates.has(isoDate);
}

/** Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
export function easterSunday(year: number): DateTime {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.utc(year, month, dayOfMonth);
}
