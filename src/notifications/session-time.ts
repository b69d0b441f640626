import { DateTime } from 'luxon';

/** The zone for times that belong to no session (sign-in link expiry): the service is in Scotland. */
export const SERVICE_TIMEZONE = 'Europe/London';

const LOCALE = 'en-GB';

function zoned(instant: Date, timezone: string): DateTime {
  const time = DateTime.fromJSDate(instant, { zone: timezone }).setLocale(LOCALE);
  // A zone the runtime does not know must not turn an e-mail into "Invalid DateTime".
  return time.isValid ? time : DateTime.fromJSDate(instant, { zone: 'UTC' }).setLocale(LOCALE);
}

const offsetNameFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * luxon's offsetNameShort, with its Intl.DateTimeFormat kept per zone: luxon builds a new one on
 * every call, which costs more than the rest of a booking e-mail together. Same options as
 * luxon's, so the same names ("GMT", "BST", "GMT-4").
 */
function offsetNameShort(time: DateTime): string {
  if (time.zone.type !== 'iana') return time.offsetNameShort ?? time.zoneName ?? '';
  let format = offsetNameFormats.get(time.zone.name);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE, {
      timeZoneName: 'short',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: time.zone.name,
    });
    offsetNameFormats.set(time.zone.name, format);
  }
  return format.formatToParts(time.toJSDate()).find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/**
 * A session's time as people read it, in the session's own zone:
 * "Tuesday 3 March 2026, 10:00 to 12:00 (GMT)". A session that ends on another day, or in
 * another offset (it spans a clock change), names both ends in full.
 */
export function formatSessionTime(startsAt: Date, endsAt: Date, timezone: string): string {
  const start = zoned(startsAt, timezone);
  const end = zoned(endsAt, timezone);
  const startText = start.toFormat('cccc d LLLL yyyy, HH:mm');
  const startZone = offsetNameShort(start);
  const endZone = offsetNameShort(end);
  // Both are in the same zone: comparing the calendar fields is hasSame(…, 'day') without its copies.
  if (start.year !== end.year || start.month !== end.month || start.day !== end.day) {
    return `${startText} (${startZone}) to ${end.toFormat('cccc d LLLL yyyy, HH:mm')} (${endZone})`;
  }
  if (startZone !== endZone) return `${startText} (${startZone}) to ${end.toFormat('HH:mm')} (${endZone})`;
  return `${startText} to ${end.toFormat('HH:mm')} (${startZone})`;
}

/** A compact start for subject lines: "Tue 3 Mar 2026, 10:00". */
export function formatShortStart(startsAt: Date, timezone: string): string {
  return zoned(startsAt, timezone).toFormat('ccc d LLL yyyy, HH:mm');
}

/** "10:15 (GMT) on Tuesday 3 March 2026". */
export function formatInstant(instant: Date, timezone: string): string {
  const time = zoned(instant, timezone);
  return `${time.toFormat('HH:mm')} (${offsetNameShort(time)}) on ${time.toFormat('cccc d LLLL yyyy')}`;
}
