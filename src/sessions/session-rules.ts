import { Actor, hasRole } from '../auth/actor';
import type { FieldError } from '../common/domain-error';

/** The fields whose change sends every confirmed attendee an updated invitation. */
export const TIME_AND_PLACE_FIELDS = ['startsAt', 'endsAt', 'timezone', 'location', 'onlineUrl'] as const;
type TimeAndPlace = Record<(typeof TIME_AND_PLACE_FIELDS)[number], Date | string | null>;

/** Admins change and cancel any session; trainers only the sessions they train. */
export function mayManageSession(actor: Actor, trainerIds: readonly string[]): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'trainer') && trainerIds.includes(actor.personId));
}

/** Cross-field checks of a session's times; each problem names its field. */
export function sessionTimeErrors(times: { startsAt: Date; endsAt: Date; bookingOpensAt?: Date | null; bookingClosesAt?: Date | null }): FieldError[] {
  const errors: FieldError[] = [];
  if (times.endsAt.getTime() <= times.startsAt.getTime()) errors.push({ field: 'endsAt', message: 'endsAt must be after startsAt' });
  const opens = times.bookingOpensAt?.getTime();
  if (opens !== undefined) {
    if (opens >= times.startsAt.getTime()) errors.push({ field: 'bookingOpensAt', message: 'bookingOpensAt must be before startsAt' });
    else if (times.bookingClosesAt && opens >= times.bookingClosesAt.getTime()) {
      errors.push({ field: 'bookingOpensAt', message: 'bookingOpensAt must be before bookingClosesAt' });
    }
  }
  return errors;
}

/** Whether the session moved in time or place: the attendees' calendars need an update. */
export function timeOrPlaceChanged(before: TimeAndPlace, after: TimeAndPlace): boolean {
  return TIME_AND_PLACE_FIELDS.some((field) => comparable(before[field]) !== comparable(after[field]));
}

function comparable(value: Date | string | null): string | number | null {
  return value instanceof Date ? value.getTime() : value;
}
