import type { FieldError } from '../../common/domain-error';
import { sessionTimes } from '../presenters/session-times';
import type { ErasurePageData } from './people-pages.service';
import { personName } from './people-view';

export interface ErasureBookingRow {
  courseTitle: string;
  sessionHref: string;
  date: string;
  time: string;
  startsAtIso: string;
  /** "Booked" or "Waiting list: number 2". */
  held: string;
  /** Who gets the place, in words. */
  outcome: string;
}

export interface ErasureView {
  pageTitle: string;
  heading: string;
  name: string;
  personHref: string;
  backLinkHref: string;
  /** The only active admin: erasure is refused; the page says why instead of offering it. */
  refusal?: string;
  removed: string[];
  bookings: ErasureBookingRow[];
  kept: string[];
  email: string;
  typedEmail: string;
  errors: FieldError[];
  action: string;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function outcomeOf(promoted: Array<{ name: string | null }>, held: 'confirmed' | 'waitlisted' | 'cancelled'): string {
  if (held === 'waitlisted') return 'Their place on the waiting list goes; the people after them move up.';
  if (promoted.length === 0) return 'Nobody is waiting: the place becomes free for anyone to book.';
  const names = promoted.map((person) => person.name ?? 'a person whose details were erased');
  return `The place goes to ${names.join(', ')}, first on the waiting list, who is e-mailed.`;
}

/** The erasure confirmation page: exactly what goes, what is cancelled and who moves up, and what stays. */
export function erasureView(data: ErasurePageData, typedEmail = '', errors: FieldError[] = [], refusal?: string): ErasureView {
  const { preview, organisation } = data;
  const { person } = preview;
  const name = personName(person);
  const removed = [
    'their name, e-mail address and job title, for good',
    ...(preview.calendarFeed ? ['their calendar feed address, which stops working'] : []),
    ...(preview.signIns > 0 ? [count(preview.signIns, 'sign-in, which ends', 'sign-ins, which end')] : []),
    ...(preview.apiTokens > 0 ? [count(preview.apiTokens, 'API token acting as them, which stops working', 'API tokens acting as them, which stop working')] : []),
    ...(preview.mail > 0 ? [`${count(preview.mail, 'e-mail', 'e-mails')} to them, sent or waiting to be sent`] : []),
  ];
  const kept = [
    `their organisation (${organisation.name}) and team${person.team ? ` (${person.team})` : ''}`,
    `${count(preview.attendanceRecords, 'attendance record', 'attendance records')}, still counted in training reports without saying who they are`,
    ...(preview.pastBookings > 0 ? [count(preview.pastBookings, 'booking of a session that has already started', 'bookings of sessions that have already started')] : []),
  ];
  return {
    pageTitle: `Erase ${name}`,
    heading: `Erase ${name}?`,
    name,
    personHref: `/admin/people/${person.id}`,
    backLinkHref: `/admin/people/${person.id}`,
    refusal:
      refusal ??
      (preview.lastAdmin
        ? `${name} is the only administrator. Erasing them would leave nobody able to run the service. Make someone else an administrator first.`
        : undefined),
    removed,
    bookings: preview.upcomingBookings.map(({ booking, promoted }) => {
      const times = sessionTimes(booking.session.startsAt, booking.session.endsAt, booking.session.timezone);
      return {
        courseTitle: booking.session.courseTitle,
        sessionHref: `/sessions/${booking.sessionId}`,
        date: times.date,
        time: times.time,
        startsAtIso: times.startsAtIso,
        held: booking.status === 'waitlisted' ? `Waiting list: number ${booking.waitlistPosition ?? '–'}` : 'Booked',
        outcome: outcomeOf(promoted, booking.status),
      };
    }),
    kept,
    email: person.email ?? '',
    typedEmail,
    errors,
    action: `/admin/people/${person.id}/erase`,
  };
}

/** Erasing is confirmed by typing the person's address, any letter case, spaces around it aside. */
export function erasureConfirmationError(typed: string, email: string | null): FieldError | undefined {
  if (typed === '') return { field: 'confirmEmail', message: 'Type their e-mail address to confirm' };
  if (email === null || typed.trim().toLowerCase() !== email.toLowerCase()) {
    return { field: 'confirmEmail', message: 'The e-mail address you typed is not theirs. Type it exactly as shown' };
  }
  return undefined;
}
