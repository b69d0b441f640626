import { checkInWindow } from '../attendance/attendance-rules';
import type { AttendanceStatus } from '../attendance/attendance-record.entity';
import type { BookingStatus } from './booking.entity';

/** The parts of a booking answer that decide where it belongs in a person's own list. */
export interface OwnBooking {
  id: string;
  sessionId: string;
  status: BookingStatus;
  createdAt: string;
  session: { startsAt: Date | string; endsAt: Date | string; status: 'scheduled' | 'cancelled' };
}

export type ArrangedBooking<T extends OwnBooking> = T & {
  /** What the register says about the person at this session; null until recorded (never for a cancelled booking). */
  attendance: AttendanceStatus | null;
  /** Self check-in is open now for this confirmed booking (15 minutes before the start until the end). */
  checkInOpen: boolean;
};

export interface ArrangedBookings<T extends OwnBooking> {
  /** Confirmed and waitlisted bookings of sessions that have not ended, soonest first. */
  upcoming: Array<ArrangedBooking<T>>;
  /** Sessions that have ended, and cancelled bookings, most recent session first. */
  past: Array<ArrangedBooking<T>>;
}

const time = (value: Date | string) => new Date(value).getTime();

/** A person's bookings as they look for them: what is coming up, then what is over or cancelled. */
export function arrangeOwnBookings<T extends OwnBooking>(
  bookings: T[],
  attendanceBySession: ReadonlyMap<string, AttendanceStatus>,
  now: Date,
): ArrangedBookings<T> {
  const upcoming: Array<ArrangedBooking<T>> = [];
  const past: Array<ArrangedBooking<T>> = [];
  for (const booking of bookings) {
    const active = booking.status !== 'cancelled';
    const endsAt = new Date(booking.session.endsAt);
    const window = checkInWindow({ startsAt: new Date(booking.session.startsAt), endsAt, status: booking.session.status });
    const arranged = {
      ...booking,
      attendance: active ? (attendanceBySession.get(booking.sessionId) ?? null) : null,
      checkInOpen:
        booking.status === 'confirmed' &&
        booking.session.status === 'scheduled' &&
        window.validFrom.getTime() <= now.getTime() &&
        now.getTime() <= window.validUntil.getTime(),
    };
    (active && now.getTime() <= endsAt.getTime() ? upcoming : past).push(arranged);
  }
  const byStart = (a: OwnBooking, b: OwnBooking) => time(a.session.startsAt) - time(b.session.startsAt) || time(a.createdAt) - time(b.createdAt);
  upcoming.sort(byStart);
  past.sort((a, b) => byStart(b, a));
  return { upcoming, past };
}
