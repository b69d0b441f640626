import { checkInWindow } from '../../attendance/attendance-rules';
import type { MyBookingDto, MyBookingsDto } from '../../bookings/dto/my-bookings.dto';
import { sessionPlace } from './session-summary';
import { sessionTimes, zonedMoment } from './session-times';

/** A session the person may check in to now. */
export interface CheckInChoice {
  sessionId: string;
  courseTitle: string;
  date: string;
  time: string;
  place: string;
}

export interface CheckInView {
  /** Sessions open for check-in that the person has not checked in to yet. */
  choices: CheckInChoice[];
  /** Sessions open for check-in that the register already shows them at. */
  checkedIn: CheckInChoice[];
  /** "Check-in for Literature searching opens at 09:45 GMT on Tuesday 3 March 2027." when nothing is open now. */
  nextOpening?: string;
}

function choice(booking: MyBookingDto): CheckInChoice {
  const { session } = booking;
  const times = sessionTimes(session.startsAt, session.endsAt, session.timezone);
  return { sessionId: booking.sessionId, courseTitle: session.courseTitle, date: times.date, time: times.time, place: sessionPlace(session) };
}

function opensAt(booking: MyBookingDto): Date {
  return checkInWindow({ startsAt: new Date(booking.session.startsAt), endsAt: new Date(booking.session.endsAt), status: booking.session.status }).validFrom;
}

export function presentCheckIn(bookings: MyBookingsDto): CheckInView {
  const open = bookings.upcoming.filter((booking) => booking.checkInOpen);
  const view: CheckInView = {
    choices: open.filter((booking) => booking.attendance !== 'attended').map(choice),
    checkedIn: open.filter((booking) => booking.attendance === 'attended').map(choice),
  };
  const next = bookings.upcoming.find((booking) => booking.status === 'confirmed' && !booking.checkInOpen);
  if (open.length === 0 && next) {
    view.nextOpening = `Check-in for ${next.session.courseTitle} opens at ${zonedMoment(opensAt(next), next.session.timezone)}.`;
  }
  return view;
}

/** The person's booking of a session for a message about it: an active one if they hold one. */
export function ownBookingOf(bookings: MyBookingsDto, sessionId: string): MyBookingDto | undefined {
  const all = [...bookings.upcoming, ...bookings.past].filter((booking) => booking.sessionId === sessionId);
  return all.find((booking) => booking.status !== 'cancelled') ?? all[0];
}

/**
 * Why the check-in service refused (the problem's code), in words for the person, or undefined
 * for a refusal the page does not expect.
 */
export function checkInRefusalMessage(code: string, booking: MyBookingDto | undefined, now: Date): string | undefined {
  const title = booking?.session.courseTitle;
  switch (code) {
    case 'check-in-closed': {
      if (!booking) return 'Check-in for this session is not open. It opens 15 minutes before the session starts and closes when it ends.';
      const { session } = booking;
      if (now.getTime() < opensAt(booking).getTime()) {
        return `Check-in for ${title} is not open yet. It opens at ${zonedMoment(opensAt(booking), session.timezone)}, 15 minutes before the session starts.`;
      }
      return `Check-in for ${title} closed at ${zonedMoment(session.endsAt, session.timezone)}, when the session ended. Ask your trainer to mark you as attended.`;
    }
    case 'session-cancelled':
      return title ? `${title} on ${sessionTimes(booking.session.startsAt, booking.session.endsAt, booking.session.timezone).date} has been cancelled, so there is nothing to check in to.` : 'This session has been cancelled, so there is nothing to check in to.';
    case 'no-confirmed-booking':
      return `You do not have a place on ${title ?? 'this session'}, so you cannot check in. Ask your trainer to add you to the register.`;
    default:
      return undefined;
  }
}
