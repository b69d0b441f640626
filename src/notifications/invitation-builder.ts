import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendar, ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { DateTime } from 'luxon';

/**
 * iCalendar for invitations, cancellations, feeds and downloads: pure functions of their
 * input, so the same booking always gives the same file.
 *
 * Times are passed to ical-generator as luxon DateTimes in the session's zone: a native Date
 * with a TZID would be formatted in the server's own zone. The zone is set per event and the
 * VTIMEZONE comes from a generator; a calendar-level zone would also drop the Z from DTSTAMP.
 */
export type InvitationMethod = 'REQUEST' | 'CANCEL';

export interface CalendarSession {
  id: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  location: string | null;
  onlineUrl: string | null;
  status: 'scheduled' | 'cancelled';
}

export interface CalendarEventInput {
  session: CalendarSession;
  course: { title: string; description: string | null };
  trainers: Array<{ name: string | null }>;
  /** The person the event belongs to: their UID, and the ATTENDEE of an invitation. */
  person: { id: string; name: string | null; email: string | null };
  sequence: number;
}

export interface CalendarIdentity {
  /** MAIL_FROM: the ORGANIZER of every event. */
  organizerEmail: string;
  /** Host of PUBLIC_URL: makes UIDs globally unique. */
  uidDomain: string;
  /** DTSTAMP: when the file was made (from the Clock). */
  stamp: Date;
}

export interface InvitationInput extends CalendarEventInput, CalendarIdentity {
  method: InvitationMethod;
}

/** ical-generator writes PRODID as `-//company//product//LANGUAGE` from these parts (a string would get a second leading dash). */
const PRODUCT_ID = { company: 'NHS Ayrshire & Arran', product: 'Training tracker', language: 'EN' };
const DEFAULT_ORGANIZER_NAME = 'Library training';

export function calendarIdentity(publicUrl: string, mailFrom: string, stamp: Date): CalendarIdentity {
  return { organizerEmail: mailFrom, uidDomain: new URL(publicUrl).hostname, stamp };
}

/** The same for every message about one person at one session, so calendars update one event. */
export function invitationUid(sessionId: string, personId: string, uidDomain: string): string {
  return `${sessionId}.${personId}@${uidDomain}`;
}

/** A METHOD:REQUEST invitation or METHOD:CANCEL cancellation with one VEVENT for one attendee. */
export function buildInvitation(input: InvitationInput): string {
  const calendar = newCalendar(input.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL);
  addEvent(calendar, input, input, { attendee: true, cancelled: input.method === 'CANCEL' });
  return calendar.toString();
}

/**
 * METHOD:PUBLISH: a plain download or a subscription feed. No ATTENDEE, so calendars show the
 * events without treating them as meeting requests to answer.
 */
export function buildPublishedCalendar(name: string, events: CalendarEventInput[], identity: CalendarIdentity): string {
  const calendar = newCalendar(ICalCalendarMethod.PUBLISH).name(name);
  for (const event of events) addEvent(calendar, event, identity, { attendee: false, cancelled: event.session.status === 'cancelled' });
  return calendar.toString();
}

const vtimezones = new Map<string, string | null>();

/** getVtimezoneComponent reads the zone's file from disk on every call: each zone is read once. */
function vtimezoneOf(zone: string): string | null {
  let component = vtimezones.get(zone);
  if (component === undefined) {
    component = getVtimezoneComponent(zone);
    vtimezones.set(zone, component);
  }
  return component;
}

function newCalendar(method: ICalCalendarMethod): ICalCalendar {
  return ical({ prodId: PRODUCT_ID, method, timezone: { name: null, generator: vtimezoneOf } });
}

/** A CN parameter value may not hold quotes or control characters (RFC 5545, 3.1). */
function parameterSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f"]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

function addEvent(
  calendar: ICalCalendar,
  input: CalendarEventInput,
  identity: CalendarIdentity,
  options: { attendee: boolean; cancelled: boolean },
): void {
  const { session, course, trainers, person } = input;
  const trainerNames = trainers.map((trainer) => trainer.name).filter((name): name is string => Boolean(name));
  const event = calendar.createEvent({
    id: invitationUid(session.id, person.id, identity.uidDomain),
    sequence: input.sequence,
    stamp: identity.stamp,
    start: DateTime.fromJSDate(session.startsAt, { zone: session.timezone }),
    end: DateTime.fromJSDate(session.endsAt, { zone: session.timezone }),
    timezone: session.timezone,
    summary: course.title,
    location: session.location ?? (session.onlineUrl ? 'Online' : null),
    url: session.onlineUrl,
    description: describe(course.description, session.onlineUrl, trainerNames, cancellationNote(session, options.cancelled)),
    organizer: { name: parameterSafe(trainerNames[0] ?? DEFAULT_ORGANIZER_NAME) || DEFAULT_ORGANIZER_NAME, email: identity.organizerEmail },
    status: options.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    transparency: ICalEventTransparency.OPAQUE,
  });
  if (options.attendee && person.email) {
    event.createAttendee({
      email: person.email,
      name: person.name ? parameterSafe(person.name) : undefined,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.ACCEPTED,
      rsvp: false,
    });
  }
}

/** A cancelled event says what ended: the session, or only this person's booking of it. */
function cancellationNote(session: CalendarSession, cancelled: boolean): string | null {
  if (!cancelled) return null;
  return session.status === 'cancelled' ? 'This session is cancelled.' : 'Your booking for this session is cancelled.';
}

function describe(courseDescription: string | null, onlineUrl: string | null, trainerNames: string[], cancellationNote: string | null): string {
  const lines: string[] = [];
  if (cancellationNote) lines.push(cancellationNote);
  if (courseDescription) lines.push(courseDescription);
  if (onlineUrl) lines.push(`Join online: ${onlineUrl}`);
  if (trainerNames.length > 0) lines.push(`${trainerNames.length > 1 ? 'Trainers' : 'Trainer'}: ${trainerNames.join(', ')}`);
  return lines.join('\n\n');
}
