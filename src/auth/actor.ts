import type { Role } from '../people/person.entity';

/** Roles as callers see them (the web pages name them without reaching for the entity). */
export type { Role };

/** Who is calling: resolved once per request by the AuthGuard and passed to services. */
export interface Actor {
  personId: string;
  organisationId: string;
  roles: Role[];
  /** The access or API token row that authenticated this request. */
  tokenId: string;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((role) => actor.roles.includes(role));
}
