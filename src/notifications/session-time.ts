import { DateTime } from 'luxon';

/** The zone for times that belong to no session (sign-in link expiry): the service is in Scotland. */
export const SERVICE_TIMEZONE = 'Europe/London';

function zoned(instant: Date, timezone: string): DateTime {
  const time = DateTime.fromJSDate(instant, { zone: timezone }).setLocale('en-GB');
  // A zone the runtime does not know must not turn an e-mail into "Invalid DateTime".
  return time.isValid ? time : DateTime.fromJSDate(instant, { zone: 'UTC' }).setLocale('en-GB');
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
  if (!start.hasSame(end, 'day')) {
    return `${startText} (${start.offsetNameShort}) to ${end.toFormat('cccc d LLLL yyyy, HH:mm')} (${end.offsetNameShort})`;
  }
  if (start.offsetNameShort !== end.offsetNameShort) {
    return `${startText} (${start.offsetNameShort}) to ${end.toFormat('HH:mm')} (${end.offsetNameShort})`;
  }
  return `${startText} to ${end.toFormat('HH:mm')} (${start.offsetNameShort})`;
}

/** A compact start for subject lines: "Tue 3 Mar 2026, 10:00". */
export function formatShortStart(startsAt: Date, timezone: string): string {
  return zoned(startsAt, timezone).toFormat('ccc d LLL yyyy, HH:mm');
}

/** "10:15 (GMT) on Tuesday 3 March 2026". */
export function formatInstant(instant: Date, timezone: string): string {
  const time = zoned(instant, timezone);
  return `${time.toFormat('HH:mm')} (${time.offsetNameShort}) on ${time.toFormat('cccc d LLLL yyyy')}`;
}
