import { Actor, hasRole } from '../auth/actor';
import type { BookingStatus } from './booking.entity';

export type BookingRefusal = 'session-cancelled' | 'session-started' | 'booking-closed' | 'booking-not-open';
export type CancellationRefusal = 'booking-cancelled' | 'session-started';
export type Placement = 'confirm' | 'waitlist' | 'full';

export interface SessionState {
  status: 'scheduled' | 'cancelled';
  startsAt: Date;
  bookingOpensAt: Date | null;
  bookingClosesAt: Date | null;
  capacity: number;
  confirmedCount: number;
  waitlistEnabled: boolean;
}

/**
 * Whether the actor may book for, see and cancel the bookings of this person for a session with
 * these trainers: the person themself, admins, managers of the person's organisation, and the
 * session's trainers. One rule, so whoever may book someone in may also see and undo it.
 */
export function mayHandleBookingFor(
  actor: Actor,
  person: { id: string; organisationId: string },
  sessionTrainerIds: readonly string[],
): boolean {
  return (
    person.id === actor.personId ||
    hasRole(actor, 'admin') ||
    (hasRole(actor, 'manager') && person.organisationId === actor.organisationId) ||
    (hasRole(actor, 'trainer') && sessionTrainerIds.includes(actor.personId))
  );
}

/**
 * Whether the actor's roles let them book anyone but themself onto a session with these
 * trainers: admins, managers (only people of their organisation, which the person decides) and
 * the session's trainers. Anyone else, a learner or the trainer of other sessions, is refused
 * with 403 whoever the person is, so the answer says nothing about the person.
 */
export function mayBookOthersOnto(actor: Actor, sessionTrainerIds: readonly string[]): boolean {
  return hasRole(actor, 'admin', 'manager') || (hasRole(actor, 'trainer') && sessionTrainerIds.includes(actor.personId));
}

/** Why the session takes no booking at `now`, or null when it does. */
export function bookingRefusal(session: SessionState, now: Date): BookingRefusal | null {
  if (session.status === 'cancelled') return 'session-cancelled';
  if (session.startsAt.getTime() <= now.getTime()) return 'session-started';
  if (session.bookingClosesAt && session.bookingClosesAt.getTime() <= now.getTime()) return 'booking-closed';
  if (session.bookingOpensAt && session.bookingOpensAt.getTime() > now.getTime()) return 'booking-not-open';
  return null;
}

/**
 * `bookingRefusal(session, now) === null && placement(session) === 'confirm'` as a condition on a
 * "training_session" row, with `now` in the parameter `nowParameter` (e.g. `$3`): for a statement
 * that takes a seat without reading the row first. It must never hold where the two functions
 * refuse; the refusal tests run through both.
 */
export function seatBookableSql(nowParameter: string): string {
  return (
    `"status" = 'scheduled' AND "startsAt" > ${nowParameter} ` +
    `AND ("bookingClosesAt" IS NULL OR "bookingClosesAt" > ${nowParameter}) ` +
    `AND ("bookingOpensAt" IS NULL OR "bookingOpensAt" <= ${nowParameter}) ` +
    `AND "confirmedCount" < "capacity"`
  );
}

/** Where a new booking goes in a session whose row the caller holds locked. */
export function placement(session: SessionState): Placement {
  if (session.confirmedCount < session.capacity) return 'confirm';
  return session.waitlistEnabled ? 'waitlist' : 'full';
}

/**
 * Why this booking cannot be cancelled at `now`, or null. Nobody cancels once the session has
 * started, admins included: from then on the attendance register records what happened.
 */
export function cancellationRefusal(
  booking: { status: BookingStatus },
  session: { startsAt: Date },
  now: Date,
): CancellationRefusal | null {
  if (booking.status === 'cancelled') return 'booking-cancelled';
  if (session.startsAt.getTime() <= now.getTime()) return 'session-started';
  return null;
}

/**
 * Seats nobody holds: what `seatsLeft` shows and how many waitlisted bookings are promoted after
 * a cancellation or a capacity rise. A cancelled session has none.
 */
export function freeSeats(session: Pick<SessionState, 'status' | 'capacity' | 'confirmedCount'>): number {
  return session.status === 'cancelled' ? 0 : Math.max(0, session.capacity - session.confirmedCount);
}
