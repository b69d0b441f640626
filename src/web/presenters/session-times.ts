/** A session's date and times as a person reads them, always in the session's own time zone. */
export interface SessionTimes {
  /** "Tuesday 3 March 2026" */
  date: string;
  /** "10:00 to 12:00 GMT"; "23:00 GMT to 01:00 BST on Sunday 29 March 2026" across a clock change or midnight. */
  time: string;
  /** The start as an ISO instant, for <time datetime>. */
  startsAtIso: string;
}

/** A moment as read on a clock in the zone. */
interface ZonedMoment {
  /** "Tuesday 3 March 2026" */
  date: string;
  /** "10:15" */
  time: string;
  /** "GMT", "BST", "GMT-5" */
  zoneName: string;
}

/**
 * One formatter per zone, made once: building an Intl.DateTimeFormat costs far more than using
 * one, and a list of sessions needs dozens of moments (Luxon built one for each zone name).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-GB', {
        timeZone: timezone,
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      });
    } catch {
      return formatterFor('UTC');
    }
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/**
 * Moments already read, by zone and instant: lists show the same sessions to everyone, and even a
 * kept formatter takes microseconds a moment. Bounded; the oldest go first.
 */
const moments = new Map<string, ZonedMoment>();
const MOMENTS_KEPT = 20_000;

function zoned(instant: Date, timezone: string): ZonedMoment {
  const key = `${timezone} ${instant.getTime()}`;
  const kept = moments.get(key);
  if (kept) return kept;
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of formatterFor(timezone).formatToParts(instant)) part[type] = value;
  const moment = { date: `${part.weekday} ${part.day} ${part.month} ${part.year}`, time: `${part.hour}:${part.minute}`, zoneName: part.timeZoneName! };
  moments.set(key, moment);
  if (moments.size > MOMENTS_KEPT) moments.delete(moments.keys().next().value!);
  return moment;
}

export function sessionTimes(startsAt: Date | string, endsAt: Date | string, timezone: string): SessionTimes {
  const startsAtDate = new Date(startsAt);
  const start = zoned(startsAtDate, timezone);
  const end = zoned(new Date(endsAt), timezone);
  let time: string;
  if (start.date !== end.date) {
    time = `${start.time} ${start.zoneName} to ${end.time} ${end.zoneName} on ${end.date}`;
  } else if (start.zoneName !== end.zoneName) {
    time = `${start.time} ${start.zoneName} to ${end.time} ${end.zoneName}`;
  } else {
    time = `${start.time} to ${end.time} ${start.zoneName}`;
  }
  return { date: start.date, time, startsAtIso: startsAtDate.toISOString() };
}

/** A moment (booking opens or closes) in a zone: "10:15 GMT on Tuesday 3 March 2026". */
export function zonedMoment(instant: Date | string, timezone: string): string {
  const moment = zoned(new Date(instant), timezone);
  return `${moment.time} ${moment.zoneName} on ${moment.date}`;
}
