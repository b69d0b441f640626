import { hasRole, type Actor } from '../auth/actor';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-error';
import type { Person } from './person.entity';

/** What a people list may show the caller. */
export interface PeopleListScope {
  /** Only this organisation's people; undefined: every organisation. */
  organisationId?: string;
  /**
   * Trainers' search: active people found by part of the name or by the whole e-mail address,
   * with the summary fields only (PersonSummaryDto).
   */
  searchOnly: boolean;
}

/**
 * Admins list everyone; managers their own organisation (another one is 404, as if it did not
 * exist); trainers may only search, to find someone to book or add to a register: without `q`
 * that is 400, so nobody reads the whole directory through a trainer's account.
 */
export function peopleListScope(actor: Actor, query: { organisationId?: string; q?: string }): PeopleListScope {
  if (hasRole(actor, 'admin')) return { organisationId: query.organisationId, searchOnly: false };
  const ownOrganisation = !query.organisationId || query.organisationId === actor.organisationId;
  if (hasRole(actor, 'manager') && ownOrganisation) return { organisationId: actor.organisationId, searchOnly: false };
  if (hasRole(actor, 'trainer')) {
    if (!query.q) {
      throw new InvalidInputError('Trainers search for people by name or e-mail address.', [
        { field: 'q', message: 'q is required: at least 2 letters of a name, or a whole e-mail address' },
      ]);
    }
    return { organisationId: query.organisationId, searchOnly: true };
  }
  if (hasRole(actor, 'manager')) throw new NotFoundError('Organisation');
  throw new ForbiddenError('Your role may not list people.');
}

/** Admins see everyone, managers their organisation's people, everybody themself. */
export function canSeePerson(actor: Actor, person: Pick<Person, 'id' | 'organisationId'>): boolean {
  return (
    hasRole(actor, 'admin') ||
    person.id === actor.personId ||
    (hasRole(actor, 'manager') && person.organisationId === actor.organisationId)
  );
}
