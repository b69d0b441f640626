import { Actor, hasRole } from '../auth/actor';

/**
 * Who cancelled a booking or a session, in the capacity that allowed it; `self` for the person's
 * own cancellation. The name can be missing (an erased account).
 */
export type Canceller = { role: 'self' } | { role: 'trainer' | 'manager' | 'admin'; name: string | null };

/**
 * Who cancelled a person's booking: the person, one of the session's trainers, a manager of the
 * person's organisation, or an administrator, checked in that order (the same people
 * mayHandleBookingFor lets in), so a trainer who is also an admin is named as the trainer.
 */
export function bookingCanceller(
  actor: Actor,
  actorName: string | null,
  person: { id: string; organisationId: string },
  sessionTrainerIds: readonly string[],
): Canceller {
  if (actor.personId === person.id) return { role: 'self' };
  if (hasRole(actor, 'trainer') && sessionTrainerIds.includes(actor.personId)) return { role: 'trainer', name: actorName };
  if (hasRole(actor, 'manager') && actor.organisationId === person.organisationId) return { role: 'manager', name: actorName };
  return { role: 'admin', name: actorName };
}

/** Who cancelled a whole session: one of its trainers, or else an administrator (the only others who may). */
export function sessionCanceller(actor: Actor, actorName: string | null, sessionTrainerIds: readonly string[]): Canceller {
  if (hasRole(actor, 'trainer') && sessionTrainerIds.includes(actor.personId)) return { role: 'trainer', name: actorName };
  return { role: 'admin', name: actorName };
}
