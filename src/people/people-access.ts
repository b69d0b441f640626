import { hasRole, type Actor } from '../auth/actor';
import { ForbiddenError, NotFoundError } from '../common/domain-error';
import type { Person } from './person.entity';

/** What a people list may show the caller. */
export interface PeopleListScope {
  /** Only this organisation's people; undefined: every organisation. */
  organisationId?: string;
  /** Trainers' search: active people only, summary fields only. */
  searchOnly: boolean;
}

/**
 * Admins list everyone; managers their own organisation (another one is 404, as if it did not
 * exist); trainers may only search by name or e-mail, to find someone to book or register.
 */
export function peopleListScope(actor: Actor, query: { organisationId?: string; q?: string }): PeopleListScope {
  if (hasRole(actor, 'admin')) return { organisationId: query.organisationId, searchOnly: false };
  const ownOrganisation = !query.organisationId || query.organisationId === actor.organisationId;
  if (hasRole(actor, 'manager') && ownOrganisation) return { organisationId: actor.organisationId, searchOnly: false };
  if (hasRole(actor, 'trainer')) {
    if (!query.q) throw new ForbiddenError('Trainers may only search for people: give q, part of a name or e-mail address.');
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
