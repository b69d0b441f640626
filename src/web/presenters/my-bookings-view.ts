import type { MyBookingDto, MyBookingsDto } from '../../bookings/dto/my-bookings.dto';
import { sessionPlace } from './session-summary';
import { sessionTimes, zonedMoment } from './session-times';

export type TagColour = 'green' | 'blue' | 'yellow' | 'grey' | 'red' | 'white';

/** One booking as the My bookings page shows it. */
export interface BookingRow {
  id: string;
  href: string;
  courseTitle: string;
  /** "Tuesday 12 January 2027" */
  date: string;
  /** "10:00 to 12:00 GMT" */
  time: string;
  startsAtIso: string;
  place: string;
  status: { text: string; colour: TagColour };
  /** A sentence under the status when the tag alone would leave a question. */
  note?: string;
  /** The .ics download, for a confirmed place in a session still to come. */
  calendarHref?: string;
  /** 'open': show "Check in"; 'done': the person is marked attended while the window is still open. */
  checkIn?: 'open' | 'done';
}

export interface MyBookingsView {
  upcoming: BookingRow[];
  past: BookingRow[];
}

function status(booking: MyBookingDto, upcoming: boolean): Pick<BookingRow, 'status' | 'note'> {
  const { session } = booking;
  switch (booking.status) {
    case 'cancelled':
      return {
        status: { text: 'Cancelled', colour: 'grey' },
        note:
          session.status === 'cancelled'
            ? 'The session was cancelled.'
            : booking.cancelledAt
              ? `Cancelled at ${zonedMoment(booking.cancelledAt, session.timezone)}.`
              : undefined,
      };
    case 'waitlisted':
      return upcoming
        ? {
            status: { text: `Waiting list: number ${booking.waitlistPosition ?? '–'}`, colour: 'yellow' },
            note: 'If a place comes up, it is yours and we will e-mail you.',
          }
        : { status: { text: 'No place', colour: 'grey' }, note: 'A place did not come up before the session.' };
    case 'confirmed':
      break;
  }
  switch (booking.attendance) {
    case 'attended':
      return { status: { text: 'Attended', colour: 'green' } };
    case 'absent':
      return { status: { text: 'Did not attend', colour: 'red' } };
    case 'excused':
      return { status: { text: 'Absence excused', colour: 'grey' } };
    case null:
      return upcoming ? { status: { text: 'Booked', colour: 'blue' } } : { status: { text: 'Booked', colour: 'white' }, note: 'Attendance not recorded yet.' };
  }
}

function row(booking: MyBookingDto, upcoming: boolean): BookingRow {
  const { session } = booking;
  const times = sessionTimes(session.startsAt, session.endsAt, session.timezone);
  const inRoom = upcoming && booking.status === 'confirmed';
  return {
    id: booking.id,
    href: `/bookings/${booking.id}`,
    courseTitle: session.courseTitle,
    ...times,
    place: sessionPlace(session),
    ...status(booking, upcoming),
    calendarHref: inRoom ? `/bookings/${booking.id}/calendar.ics` : undefined,
    checkIn: inRoom && booking.checkInOpen ? (booking.attendance === 'attended' ? 'done' : 'open') : undefined,
  };
}

export function presentMyBookings(bookings: MyBookingsDto): MyBookingsView {
  return {
    upcoming: bookings.upcoming.map((booking) => row(booking, true)),
    past: bookings.past.map((booking) => row(booking, false)),
  };
}
