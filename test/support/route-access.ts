import type { Role } from '../../src/people/person.entity';

/**
 * Who may call each route, as the guard enforces it. test/e2e/route-permissions.e2e-spec.ts
 * calls every registered route with every role and fails when a route is missing here.
 *
 * - 'public': no sign-in needed.
 * - 'signed-in': any role.
 * - Role[]: those roles; every other role gets 403.
 * - { roles, query }: as Role[], and the walk adds `query` (for routes that need one to be
 *   meaningful, e.g. a trainer's people search).
 *
 * Add one line per route you add (small edits only: several people edit this file).
 */
export type RouteAccess = 'public' | 'signed-in' | Role[] | { roles: Role[]; query: string };

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/health': 'public',
};
