import { DateTime } from 'luxon';
import type { CalendarDay } from '../../forms/date-input';

/** A time of day as read on a clock. */
export interface ClockTime {
  hour: number;
  minute: number;
}

export type ClockTimeResult = { time: ClockTime; error?: undefined } | { time?: undefined; error: 'missing' | 'not-a-time' };

const TIME_TYPED = /^(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i;

/** "14:30", "9:05", "0930", "14.30", "2pm", "2:30 pm": the ways people write a time of day. */
export function readClockTime(text: string): ClockTimeResult {
  const typed = text.trim();
  if (typed === '') return { error: 'missing' };
  const match = TIME_TYPED.exec(typed);
  if (!match) return { error: 'not-a-time' };
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const half = match[3]?.toLowerCase().replace(/\./g, '');
  if (half) {
    if (hour < 1 || hour > 12) return { error: 'not-a-time' };
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return { error: 'not-a-time' };
  return { time: { hour, minute } };
}

/** "09:05" */
export function formatClockTime(time: ClockTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** How the zone is named to a trainer: "UK time" for Europe/London, else the zone's own name. */
export function zoneLabel(zone: string): string {
  return zone === 'Europe/London' ? 'UK time' : `${zone.replace(/_/g, ' ')} time`;
}

/** The clock change that skips a local time: the clock reads `from` and jumps to `to`. */
export interface SkippedHour {
  from: string;
  to: string;
}

export type ZonedInstantResult = { instant: Date; skipped?: undefined } | { instant?: undefined; skipped: SkippedHour };

/**
 * The instant a clock in the zone shows `time` on `day`. A time the clocks skip (the hour lost
 * when they go forward) names no instant: Luxon would silently move it an hour on, so the
 * answer is the clock change instead, for a message.
 */
export function zonedInstant(day: CalendarDay, time: ClockTime, zone: string): ZonedInstantResult {
  const local = DateTime.fromObject({ ...day, ...time }, { zone });
  const asTyped = local.year === day.year && local.month === day.month && local.day === day.day && local.hour === time.hour && local.minute === time.minute;
  if (asTyped) return { instant: local.toJSDate() };
  return { skipped: clockChangeBefore(local) };
}

/** The clock change within the few hours before `after` (which is already on the new offset). */
function clockChangeBefore(after: DateTime): SkippedHour {
  let before = after.minus({ hours: 6 });
  let changed = after;
  // Narrow down to the minute the offset changed.
  while (changed.toMillis() - before.toMillis() > 60_000) {
    const middle = DateTime.fromMillis(Math.floor((before.toMillis() + changed.toMillis()) / 2 / 60_000) * 60_000, { zone: after.zone });
    if (middle.offset === after.offset) changed = middle;
    else before = middle;
  }
  // The old clock's reading at the change: the instant on the offset in force just before it.
  const oldClock = changed.toUTC().plus({ minutes: before.offset });
  return { from: oldClock.toFormat('HH:mm'), to: changed.toFormat('HH:mm') };
}

/** The day and time a clock in the zone shows at the instant. */
export function localParts(instant: Date | string, zone: string): { day: CalendarDay; time: ClockTime } {
  const local = DateTime.fromJSDate(new Date(instant), { zone });
  return { day: { year: local.year, month: local.month, day: local.day }, time: { hour: local.hour, minute: local.minute } };
}

/** "Sunday 28 March 2027" */
export function longDay(day: CalendarDay): string {
  return DateTime.fromObject(day, { zone: 'UTC' }).setLocale('en-GB').toFormat('cccc d LLLL yyyy');
}
