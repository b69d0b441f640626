import type { BookingDto } from '../../bookings/dto/booking.dto';
import type { FieldError } from '../../common/domain-error';
import type { PersonDto } from '../../people/dto/person.dto';
import type { SessionDto } from '../../sessions/dto/session.dto';
import { placesLeft, sessionPlace } from '../presenters/session-summary';
import { sessionTimes } from '../presenters/session-times';
import { presentTrainingRecord, TrainingRecordView } from '../presenters/training-record-view';
import { BOOKING_CHOICES, BookingChoicesPageData, PersonRecordPageData } from './manager-pages.service';

/** How a person's name reads once it has been erased. */
const ERASED_NAME = 'Name removed';

export interface UpcomingBookingRow {
  courseTitle: string;
  sessionHref: string;
  date: string;
  time: string;
  /** "Booked" or "Waiting list: number 2". */
  status: string;
  waitlisted: boolean;
}

export interface PersonRecordView {
  pageTitle: string;
  name: string;
  details: Array<{ key: string; value: string }>;
  record: TrainingRecordView;
  upcoming: UpcomingBookingRow[];
  /** Where to book them; absent when they cannot be booked (erased or no longer active). */
  bookHref?: string;
  /** Why they cannot be booked. */
  notBookable?: string;
  /** After booking them: what happened. */
  banner?: { heading: string; text: string };
  backLinkHref: string;
  backLinkText: string;
}

function displayName(person: PersonDto): string {
  return person.name ?? ERASED_NAME;
}

/** Why nobody can book the person, or undefined when they can be booked. */
function notBookable(person: PersonDto): string | undefined {
  if (person.erasedAt) return 'Their details have been erased, so they cannot be booked onto sessions.';
  if (!person.active) return 'They are no longer active, so they cannot be booked onto sessions.';
  return undefined;
}

function upcomingRow(booking: BookingDto): UpcomingBookingRow {
  const times = sessionTimes(booking.session.startsAt, booking.session.endsAt, booking.session.timezone);
  const waitlisted = booking.status === 'waitlisted';
  return {
    courseTitle: booking.session.courseTitle,
    sessionHref: `/sessions/${booking.sessionId}`,
    date: times.date,
    time: times.time,
    status: waitlisted ? `Waiting list: number ${booking.waitlistPosition ?? '–'}` : 'Booked',
    waitlisted,
  };
}

/** The banner after booking: the booking named by `?booked=`, if it is one of theirs still to come. */
function bookedBanner(name: string, booked: BookingDto | undefined): PersonRecordView['banner'] {
  if (!booked) return undefined;
  const row = upcomingRow(booked);
  const when = `${row.date}, ${row.time}`;
  return booked.status === 'waitlisted'
    ? {
        heading: `${name} is on the waiting list`,
        text: `${row.courseTitle}, ${when}: they are number ${booked.waitlistPosition ?? '–'} on the waiting list. We have e-mailed them, and will e-mail them again if a place becomes free.`,
      }
    : {
        heading: `${name} is booked`,
        text: `${row.courseTitle}, ${when}. We have e-mailed them a confirmation with a calendar invitation.`,
      };
}

export function personRecordView(data: PersonRecordPageData, bookedId?: string): PersonRecordView {
  const { person } = data;
  const name = displayName(person);
  const refusal = notBookable(person);
  return {
    pageTitle: `${name}: training record`,
    name,
    details: [
      { key: 'Organisation', value: data.organisation.name },
      { key: 'Team', value: person.team || 'No team' },
      ...(person.jobTitle ? [{ key: 'Job title', value: person.jobTitle }] : []),
      ...(person.email ? [{ key: 'E-mail', value: person.email }] : []),
    ],
    record: presentTrainingRecord(data.record),
    upcoming: data.upcoming.map(upcomingRow),
    bookHref: refusal ? undefined : `/people/${person.id}/book`,
    notBookable: refusal,
    banner: bookedBanner(name, data.upcoming.find((booking) => booking.id === bookedId)),
    backLinkHref: '/reports/not-yet-trained',
    backLinkText: 'Not yet trained',
  };
}

export interface SessionChoice {
  value: string;
  text: string;
  hint: { text: string };
  checked: boolean;
  disabled: boolean;
}

export interface BookingChoicesView {
  pageTitle: string;
  name: string;
  /** "Adults, NHS Ayrshire & Arran" */
  caption: string;
  errors: FieldError[];
  courseItems: Array<{ value: string; text: string; selected: boolean }>;
  course: string;
  choices: SessionChoice[];
  /** When no session takes bookings. */
  noSessions?: string;
  /** When more sessions take bookings than are offered. */
  more?: string;
  idempotencyKey: string;
  action: string;
  backLinkHref: string;
}

/** What a session offers the person: a place, the waiting list, or nothing (already theirs). */
function choiceHint(session: SessionDto, held: BookingDto | undefined): string {
  const times = sessionTimes(session.startsAt, session.endsAt, session.timezone);
  const availability = held
    ? held.status === 'waitlisted'
      ? `Already on its waiting list (number ${held.waitlistPosition ?? '–'})`
      : 'Already booked'
    : session.seatsLeft > 0
      ? placesLeft(session.seatsLeft)
      : 'Full – they would join the waiting list';
  return `${times.time}. ${sessionPlace(session)}. ${availability}.`;
}

/**
 * The "Book a place" form for a person: sessions taking bookings, soonest first, one to choose.
 * `chosen` and `errors` come back when the form is shown again after a refusal.
 */
export function bookingChoicesView(
  data: BookingChoicesPageData,
  course: string,
  idempotencyKey: string,
  chosen = '',
  errors: FieldError[] = [],
): BookingChoicesView {
  const { person, sessions } = data;
  const name = displayName(person);
  const courseTitle = data.courses.find((candidate) => candidate.id === course)?.title;
  const held = new Map(data.activeBookings.map((booking) => [booking.sessionId, booking]));
  return {
    pageTitle: `Book ${name} onto a session`,
    name,
    caption: `${person.team || 'No team'}, ${data.organisation.name}`,
    errors,
    courseItems: [
      { value: '', text: 'All courses', selected: course === '' },
      ...data.courses.map((candidate) => ({ value: candidate.id, text: candidate.title, selected: candidate.id === course })),
    ],
    course,
    choices: sessions.items.map((session) => ({
      value: session.id,
      text: `${session.course.title}: ${sessionTimes(session.startsAt, session.endsAt, session.timezone).date}`,
      hint: { text: choiceHint(session, held.get(session.id)) },
      checked: session.id === chosen,
      disabled: held.has(session.id),
    })),
    noSessions: sessions.total === 0 ? `There are no upcoming sessions${courseTitle ? ` of ${courseTitle}` : ''} taking bookings at the moment.` : undefined,
    more:
      sessions.total > BOOKING_CHOICES
        ? `These are the ${BOOKING_CHOICES} soonest of ${sessions.total} sessions taking bookings. Choose a course to see others.`
        : undefined,
    idempotencyKey,
    action: `/people/${person.id}/book`,
    backLinkHref: `/people/${person.id}/record`,
  };
}

/** What to tell a manager whose booking the bookings service refused (the problem's code). */
export function bookingRefusedMessage(code: string, name: string): string | undefined {
  switch (code) {
    case 'session-cancelled':
      return 'This session has been cancelled. Choose another session.';
    case 'session-started':
      return 'This session has already started. Choose another session.';
    case 'booking-closed':
      return 'Booking for this session has closed. Choose another session.';
    case 'booking-not-open':
      return 'Booking for this session has not opened yet. Choose another session, or book this one once booking opens.';
    case 'session-full':
      return 'The last place on this session has just been taken, and it has no waiting list. Choose another session.';
    case 'duplicate-booking':
      return `${name} already has a place on this session, or is on its waiting list.`;
    case 'idempotency-key-reused':
      return 'This form was already used to book a session. Choose the session again.';
    default:
      return undefined;
  }
}
