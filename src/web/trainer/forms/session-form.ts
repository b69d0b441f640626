import { isURL } from 'class-validator';
import type { FieldError } from '../../../common/domain-error';
import type { SessionDto } from '../../../sessions/dto/session.dto';
import { CalendarDay, DatePart, DateParts, readDateInput } from '../../forms/date-input';
import { FormBody, textField } from '../../forms/form-fields';
import { ClockTime, formatClockTime, localParts, longDay, readClockTime, zonedInstant, zoneLabel } from './local-time';

/** Sessions are held in Ayrshire unless the API said otherwise. */
export const DEFAULT_SESSION_ZONE = 'Europe/London';
export const MAX_CAPACITY = 1000;
const MAX_LOCATION_LENGTH = 500;
const MAX_LINK_LENGTH = 2000;

/** The session form as typed, to show again. */
export interface SessionFormValues {
  course: string;
  date: DateParts;
  start: string;
  end: string;
  location: string;
  onlineUrl: string;
  capacity: string;
  opensDate: DateParts;
  opensTime: string;
  closesDate: DateParts;
  closesTime: string;
  waitlist: 'yes' | 'no';
}

/** What the sessions service is asked for. */
export interface SessionFormInput {
  courseId: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  location: string | null;
  onlineUrl: string | null;
  capacity: number;
  bookingOpensAt: Date | null;
  bookingClosesAt: Date | null;
  waitlistEnabled: boolean;
}

export interface SessionFormRead {
  values: SessionFormValues;
  errors: FieldError[];
  /** The boxes of each date input to mark as wrong. */
  dateErrorParts: { date?: DatePart[]; opensDate?: DatePart[]; closesDate?: DatePart[] };
  /** Present when there is nothing to correct. */
  input?: SessionFormInput;
}

export interface SessionFormContext {
  /** The zone the times are typed in: the session's own, or the default for a new one. */
  timezone: string;
  /** The courses the select offers (a new session); undefined when editing, as a session's course never changes. */
  courseIds?: string[];
  /** The session being edited: a time typed back as it was keeps the stored instant to the second. */
  current?: Pick<SessionDto, 'courseId' | 'startsAt' | 'endsAt' | 'bookingOpensAt' | 'bookingClosesAt'>;
}

function dateParts(body: FormBody, name: string): DateParts {
  return { day: textField(body, `${name}-day`), month: textField(body, `${name}-month`), year: textField(body, `${name}-year`) };
}

export function readSessionValues(body: FormBody): SessionFormValues {
  return {
    course: textField(body, 'course'),
    date: dateParts(body, 'date'),
    start: textField(body, 'start'),
    end: textField(body, 'end'),
    location: textField(body, 'location'),
    onlineUrl: textField(body, 'online-url'),
    capacity: textField(body, 'capacity'),
    opensDate: dateParts(body, 'opens'),
    opensTime: textField(body, 'opens-time'),
    closesDate: dateParts(body, 'closes'),
    closesTime: textField(body, 'closes-time'),
    waitlist: textField(body, 'waitlist') === 'no' ? 'no' : 'yes',
  };
}

/** The form filled in from a session, for editing it: its times as a clock in its zone shows them. */
export function sessionValues(session: SessionDto): SessionFormValues {
  const start = localParts(session.startsAt, session.timezone);
  const end = localParts(session.endsAt, session.timezone);
  const opens = session.bookingOpensAt ? localParts(session.bookingOpensAt, session.timezone) : undefined;
  const closes = session.bookingClosesAt ? localParts(session.bookingClosesAt, session.timezone) : undefined;
  const typed = (day: CalendarDay): DateParts => ({ day: String(day.day), month: String(day.month), year: String(day.year) });
  return {
    course: session.courseId,
    date: typed(start.day),
    start: formatClockTime(start.time),
    end: formatClockTime(end.time),
    location: session.location ?? '',
    onlineUrl: session.onlineUrl ?? '',
    capacity: String(session.capacity),
    opensDate: opens ? typed(opens.day) : { day: '', month: '', year: '' },
    opensTime: opens ? formatClockTime(opens.time) : '',
    closesDate: closes ? typed(closes.day) : { day: '', month: '', year: '' },
    closesTime: closes ? formatClockTime(closes.time) : '',
    waitlist: session.waitlistEnabled ? 'yes' : 'no',
  };
}

/** A stored instant stays as it is when the form shows the same minute (sessions made through the API may carry seconds). */
function keepStored(instant: Date, stored: string | null | undefined): Date {
  if (!stored) return instant;
  const before = new Date(stored);
  return Math.floor(before.getTime() / 60_000) === Math.floor(instant.getTime() / 60_000) ? before : instant;
}

/** Adds the scheme people leave off ("teams.microsoft.com/l/…"); anything else is left for the check. */
function withScheme(link: string): string {
  return link === '' || /^[a-z][a-z0-9+.-]*:/i.test(link) ? link : `https://${link}`;
}

/**
 * Reads the create or edit form: the date as day, month and year and the times as hh:mm on a
 * clock in the session's zone, turned into instants with Luxon. A date that does not exist
 * (31 February), a time the clocks skip, an end not after the start, a booking deadline after
 * the start and booking opening not before the start and the deadline are errors in the NHS.UK pattern, listed in the order of the form.
 */
export function readSessionForm(body: FormBody, context: SessionFormContext): SessionFormRead {
  const values = readSessionValues(body);
  values.onlineUrl = withScheme(values.onlineUrl);
  const errors: FieldError[] = [];
  const dateErrorParts: SessionFormRead['dateErrorParts'] = {};
  const zone = context.timezone;
  const clocks = zoneLabel(zone);

  if (context.courseIds) {
    if (values.course === '') errors.push({ field: 'course', message: 'Select a course' });
    else if (!context.courseIds.includes(values.course)) errors.push({ field: 'course', message: 'Select a course from the list' });
  }

  let day: CalendarDay | undefined;
  const date = readDateInput(values.date, 'The date of the session');
  if (date.error) {
    errors.push({ field: `date-${date.error.parts[0]}`, message: date.error.message });
    dateErrorParts.date = date.error.parts;
  } else if (!date.day) {
    errors.push({ field: 'date-day', message: 'Enter the date of the session' });
    dateErrorParts.date = ['day', 'month', 'year'];
  } else {
    day = date.day;
  }

  const instantAt = (field: string, label: string, on: CalendarDay | undefined, typed: string, example: string): Date | undefined => {
    const time = readClockTime(typed);
    if (time.error === 'missing') {
      errors.push({ field, message: `Enter the ${label}` });
      return undefined;
    }
    if (time.error) {
      errors.push({ field, message: `${capitalised(label)} must be a real time on the 24-hour clock, like ${example}` });
      return undefined;
    }
    return on && instantOrError(field, label, on, time.time);
  };
  const instantOrError = (field: string, label: string, on: CalendarDay, time: ClockTime): Date | undefined => {
    const zoned = zonedInstant(on, time, zone);
    if (zoned.instant) return zoned.instant;
    errors.push({
      field,
      message:
        `${capitalised(label)} ${formatClockTime(time)} does not exist on ${longDay(on)}: the clocks go forward from ` +
        `${zoned.skipped.from} to ${zoned.skipped.to} (${clocks}). Enter a time before ${zoned.skipped.from} or from ${zoned.skipped.to}`,
    });
    return undefined;
  };

  const startsAt = instantAt('start', 'start time', day, values.start, '09:30');
  const endsAt = instantAt('end', 'end time', day, values.end, '12:00');
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) {
    errors.push({ field: 'end', message: 'The end time must be after the start time' });
  }

  if (values.location.length > MAX_LOCATION_LENGTH) {
    errors.push({ field: 'location', message: `The place must be ${MAX_LOCATION_LENGTH} characters or fewer` });
  }
  if (
    values.onlineUrl !== '' &&
    (values.onlineUrl.length > MAX_LINK_LENGTH || !isURL(values.onlineUrl, { protocols: ['http', 'https'], require_protocol: true, require_tld: false }))
  ) {
    errors.push({ field: 'online-url', message: 'Enter the online link as a web address, like https://teams.microsoft.com/l/meetup-join/…' });
  }

  let capacity: number | undefined;
  if (values.capacity === '') errors.push({ field: 'capacity', message: 'Enter the number of places' });
  else if (!/^\d+$/.test(values.capacity)) errors.push({ field: 'capacity', message: 'The number of places must be a whole number, like 12' });
  else if (Number(values.capacity) < 1 || Number(values.capacity) > MAX_CAPACITY) {
    errors.push({ field: 'capacity', message: `The number of places must be between 1 and ${MAX_CAPACITY}` });
  } else capacity = Number(values.capacity);

  /** An optional moment booking opens or closes: its date and time both given, or neither (null). Undefined when wrong. */
  const bookingMoment = (name: 'opens' | 'closes', typedDate: DateParts, typedTime: string, example: string): Date | null | undefined => {
    const partsKey = name === 'opens' ? 'opensDate' : 'closesDate';
    const read = readDateInput(typedDate, `The date booking ${name}`);
    if (read.error) {
      errors.push({ field: `${name}-${read.error.parts[0]}`, message: read.error.message });
      dateErrorParts[partsKey] = read.error.parts;
      return undefined;
    }
    if (read.day && typedTime === '') {
      errors.push({ field: `${name}-time`, message: `Enter the time booking ${name}` });
      return undefined;
    }
    if (!read.day && typedTime !== '') {
      errors.push({ field: `${name}-day`, message: `Enter the date booking ${name}` });
      dateErrorParts[partsKey] = ['day', 'month', 'year'];
      return undefined;
    }
    return read.day ? instantAt(`${name}-time`, `time booking ${name}`, read.day, typedTime, example) : null;
  };
  const markDate = (name: 'opens' | 'closes', message: string) => {
    errors.push({ field: `${name}-day`, message });
    dateErrorParts[name === 'opens' ? 'opensDate' : 'closesDate'] = ['day', 'month', 'year'];
  };

  const bookingOpensAt = bookingMoment('opens', values.opensDate, values.opensTime, '09:00');
  const bookingClosesAt = bookingMoment('closes', values.closesDate, values.closesTime, '17:00');
  if (bookingOpensAt && startsAt && bookingOpensAt.getTime() >= startsAt.getTime()) {
    markDate('opens', 'Booking must open before the session starts');
  } else if (bookingOpensAt && bookingClosesAt && bookingOpensAt.getTime() >= bookingClosesAt.getTime()) {
    markDate('opens', 'Booking must open before it closes');
  }
  if (bookingClosesAt && startsAt && bookingClosesAt.getTime() > startsAt.getTime()) {
    markDate('closes', 'Booking must close before the session starts');
  }

  if (errors.length > 0 || !startsAt || !endsAt || capacity === undefined || bookingOpensAt === undefined || bookingClosesAt === undefined) {
    return { values, errors, dateErrorParts };
  }
  const current = context.current;
  return {
    values,
    errors,
    dateErrorParts,
    input: {
      courseId: context.courseIds ? values.course : (current?.courseId ?? values.course),
      startsAt: keepStored(startsAt, current?.startsAt),
      endsAt: keepStored(endsAt, current?.endsAt),
      timezone: zone,
      location: values.location || null,
      onlineUrl: values.onlineUrl || null,
      capacity,
      bookingOpensAt: bookingOpensAt && keepStored(bookingOpensAt, current?.bookingOpensAt),
      bookingClosesAt: bookingClosesAt && keepStored(bookingClosesAt, current?.bookingClosesAt),
      waitlistEnabled: values.waitlist === 'yes',
    },
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
