import { checkInWindow } from '../../attendance/attendance-rules';
import { BookingRefusal, bookingRefusal, cancellationRefusal, placement } from '../../bookings/booking-rules';
import type { BookingDto } from '../../bookings/dto/booking.dto';
import type { SessionDto } from '../../sessions/dto/session.dto';
import { bookingStateOf } from './session-summary';
import { zonedMoment } from './session-times';

export type NotBookableReason = BookingRefusal | 'full';

/** The one thing a person can do next on a session's page, decided by the same rules the bookings service applies. */
export type SessionAction =
  | { kind: 'book' }
  | { kind: 'join-waitlist' }
  | { kind: 'booked'; bookingId: string; mayCancel: boolean; checkInOpen: boolean }
  | { kind: 'waitlisted'; bookingId: string; position: number; mayLeave: boolean }
  | { kind: 'not-bookable'; reason: NotBookableReason; message: string };

/**
 * What the person may do on the session, given their active booking of it (confirmed or
 * waitlisted; null when they hold none) at `now`.
 */
export function sessionAction(
  session: SessionDto,
  booking: Pick<BookingDto, 'id' | 'status' | 'waitlistPosition'> | null,
  now: Date,
): SessionAction {
  const state = bookingStateOf(session);
  if (booking && booking.status !== 'cancelled') {
    const mayUndo = cancellationRefusal(booking, state, now) === null;
    return booking.status === 'confirmed'
      ? { kind: 'booked', bookingId: booking.id, mayCancel: mayUndo, checkInOpen: isCheckInOpen(session, now) }
      : { kind: 'waitlisted', bookingId: booking.id, position: booking.waitlistPosition ?? 0, mayLeave: mayUndo };
  }
  const refusal = bookingRefusal(state, now);
  if (refusal) return { kind: 'not-bookable', reason: refusal, message: notBookableMessage(refusal, session) };
  switch (placement(state)) {
    case 'confirm':
      return { kind: 'book' };
    case 'waitlist':
      return { kind: 'join-waitlist' };
    case 'full':
      return { kind: 'not-bookable', reason: 'full', message: notBookableMessage('full', session) };
  }
}

/** Self check-in is open now: from 15 minutes before the start until the end, unless cancelled (the check-in service's rule). */
export function isCheckInOpen(session: Pick<SessionDto, 'startsAt' | 'endsAt' | 'status'>, now: Date): boolean {
  if (session.status !== 'scheduled') return false;
  const { validFrom, validUntil } = checkInWindow({ startsAt: new Date(session.startsAt), endsAt: new Date(session.endsAt), status: session.status });
  return validFrom.getTime() <= now.getTime() && now.getTime() <= validUntil.getTime();
}

/** Why nobody can book the session, in plain words. */
export function notBookableMessage(reason: NotBookableReason, session: Pick<SessionDto, 'bookingOpensAt' | 'bookingClosesAt' | 'timezone'>): string {
  switch (reason) {
    case 'session-cancelled':
      return 'This session has been cancelled. Find another session of this course.';
    case 'session-started':
      return 'This session has already started, so you can no longer book a place.';
    case 'booking-closed':
      return session.bookingClosesAt
        ? `Booking for this session closed at ${zonedMoment(session.bookingClosesAt, session.timezone)}.`
        : 'Booking for this session has closed.';
    case 'booking-not-open':
      return `Booking opens at ${zonedMoment(session.bookingOpensAt!, session.timezone)}. You can book a place from then.`;
    case 'full':
      return 'This session is full and has no waiting list.';
  }
}

/**
 * What to tell a person whose booking the bookings service refused (the problem's code), or
 * undefined for a refusal a page does not expect.
 */
export function bookingRefusalMessage(code: string, session: Pick<SessionDto, 'bookingOpensAt' | 'bookingClosesAt' | 'timezone'>): string | undefined {
  switch (code) {
    case 'session-cancelled':
    case 'session-started':
    case 'booking-closed':
    case 'booking-not-open':
      return notBookableMessage(code, session);
    case 'session-full':
      return 'Sorry, the last place has just been taken and this session has no waiting list.';
    case 'duplicate-booking':
      return 'You already have a place on this session, or are on its waiting list.';
    default:
      return undefined;
  }
}

/** What to tell a person whose cancellation the bookings service refused (the problem's code). */
export function cancellationRefusalMessage(code: string): string | undefined {
  switch (code) {
    case 'session-started':
      return 'This session has already started, so the booking can no longer be cancelled. If you cannot attend, tell the trainer.';
    case 'booking-cancelled':
      return 'This booking is already cancelled.';
    default:
      return undefined;
  }
}
