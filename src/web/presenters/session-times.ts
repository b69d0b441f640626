import { DateTime } from 'luxon';

/** A session's date and times as a person reads them, always in the session's own time zone. */
export interface SessionTimes {
  /** "Tuesday 3 March 2026" */
  date: string;
  /** "10:00 to 12:00 GMT"; "23:00 GMT to 01:00 BST on Sunday 29 March 2026" across a clock change or midnight. */
  time: string;
  /** The start as an ISO instant, for <time datetime>. */
  startsAtIso: string;
}

function zoned(instant: Date, timezone: string): DateTime {
  const time = DateTime.fromJSDate(instant, { zone: timezone }).setLocale('en-GB');
  return time.isValid ? time : DateTime.fromJSDate(instant, { zone: 'UTC' }).setLocale('en-GB');
}

export function sessionTimes(startsAt: Date | string, endsAt: Date | string, timezone: string): SessionTimes {
  const start = zoned(new Date(startsAt), timezone);
  const end = zoned(new Date(endsAt), timezone);
  const date = start.toFormat('cccc d LLLL yyyy');
  let time: string;
  if (!start.hasSame(end, 'day')) {
    time = `${start.toFormat('HH:mm')} ${start.offsetNameShort} to ${end.toFormat('HH:mm')} ${end.offsetNameShort} on ${end.toFormat('cccc d LLLL yyyy')}`;
  } else if (start.offsetNameShort !== end.offsetNameShort) {
    time = `${start.toFormat('HH:mm')} ${start.offsetNameShort} to ${end.toFormat('HH:mm')} ${end.offsetNameShort}`;
  } else {
    time = `${start.toFormat('HH:mm')} to ${end.toFormat('HH:mm')} ${start.offsetNameShort}`;
  }
  return { date, time, startsAtIso: start.toUTC().toISO()! };
}

/** A moment (booking opens or closes) in a zone: "10:15 GMT on Tuesday 3 March 2026". */
export function zonedMoment(instant: Date | string, timezone: string): string {
  const time = zoned(new Date(instant), timezone);
  return `${time.toFormat('HH:mm')} ${time.offsetNameShort} on ${time.toFormat('cccc d LLLL yyyy')}`;
}
