import { DateTime } from 'luxon';
import type { FieldError } from '../../common/domain-error';
import { FormBody, textField } from './form-fields';

/** The three boxes of an NHS date input, as typed. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export type DatePart = keyof DateParts;

/** A calendar day, without a time or a zone. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** What is wrong with a date input: the message, and the boxes to mark (the first one is linked from the summary). */
export interface DateInputError {
  message: string;
  parts: DatePart[];
}

export type DateInputResult = { day?: CalendarDay; error?: undefined } | { day?: undefined; error: DateInputError };

const PARTS: DatePart[] = ['day', 'month', 'year'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** 1–12 from "3", "03", "Mar" or "March"; undefined when it is none of them. */
function monthNumber(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const name = text.toLowerCase();
  if (name.length < 3) return undefined;
  const index = MONTH_NAMES.findIndex((month) => month.startsWith(name));
  return index === -1 ? undefined : index + 1;
}

function listed(parts: DatePart[]): string {
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * Reads a date typed into day, month and year boxes, with the NHS.UK date pattern's messages
 * ("The 'from' date must include a month", "… must be a real date"). All three empty: no date.
 * `label` names the date in messages, e.g. "The 'from' date".
 */
export function readDateInput(parts: DateParts, label: string): DateInputResult {
  const typed = { day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim() };
  const missing = PARTS.filter((part) => typed[part] === '');
  if (missing.length === 3) return {};
  if (missing.length > 0) return { error: { message: `${label} must include a ${listed(missing)}`, parts: missing } };

  if (!/^\d{4}$/.test(typed.year)) return { error: { message: 'Year must include 4 numbers', parts: ['year'] } };
  const day = /^\d{1,2}$/.test(typed.day) ? Number(typed.day) : undefined;
  const month = monthNumber(typed.month);
  const year = Number(typed.year);
  const real = day !== undefined && month !== undefined && DateTime.fromObject({ year, month, day }, { zone: 'UTC' }).isValid;
  if (!real) {
    const outOfRange = { day: day === undefined || day < 1 || day > 31, month: month === undefined || month < 1 || month > 12, year: false };
    const wrong = PARTS.filter((part) => outOfRange[part]);
    return { error: { message: `${label} must be a real date`, parts: wrong.length > 0 ? wrong : PARTS } };
  }
  return { day: { year, month, day } };
}

/** The first instant of the day in the zone. */
export function startOfDay(day: CalendarDay, zone: string): Date {
  return DateTime.fromObject(day, { zone }).startOf('day').toJSDate();
}

/** The last instant of the day in the zone (to the millisecond), for an inclusive "to" bound. */
export function endOfDay(day: CalendarDay, zone: string): Date {
  return DateTime.fromObject(day, { zone }).endOf('day').toJSDate();
}

export function compareDays(a: CalendarDay, b: CalendarDay): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The day, month and year boxes of the date input called `name` in a query string or form. */
export function dateInputParts(query: FormBody, name: string): DateParts {
  return { day: textField(query, `${name}-day`), month: textField(query, `${name}-month`), year: textField(query, `${name}-year`) };
}

/** A filter form's "from" and "to" dates, read: the days, and the errors and boxes to mark when they are wrong. */
export interface DayRange {
  from?: CalendarDay;
  to?: CalendarDay;
  errors: FieldError[];
  errorParts: { from?: DatePart[]; to?: DatePart[] };
}

/** Reads a "from"/"to" pair of date inputs, each optional; "to" may not be before "from". */
export function readDayRange(from: DateParts, to: DateParts): DayRange {
  const range: DayRange = { errors: [], errorParts: {} };
  for (const [name, parts, label] of [
    ['from', from, "The 'from' date"],
    ['to', to, "The 'to' date"],
  ] as const) {
    const read = readDateInput(parts, label);
    if (read.error) {
      range.errors.push({ field: `${name}-${read.error.parts[0]}`, message: read.error.message });
      range.errorParts[name] = read.error.parts;
    } else {
      range[name] = read.day;
    }
  }
  if (range.from && range.to && compareDays(range.to, range.from) < 0) {
    range.errors.push({ field: 'to-day', message: "The 'to' date must be the same as or after the 'from' date" });
    range.errorParts.to = ['day', 'month', 'year'];
  }
  return range;
}
