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
  'POST /api/sessions': ['trainer', 'admin'],
  'GET /api/sessions': 'signed-in',
  'GET /api/sessions/:id': 'signed-in',
  'PATCH /api/sessions/:id': ['trainer', 'admin'],
  'POST /api/sessions/:id/cancel': ['trainer', 'admin'],
  'POST /api/bookings': 'signed-in',
  'GET /api/bookings': 'signed-in',
  'GET /api/bookings/:id': 'signed-in',
  'POST /api/bookings/:id/cancel': 'signed-in',
  'POST /api/auth/magic-link': 'public',
  'POST /api/auth/token': 'public',
  'POST /api/auth/logout': 'signed-in',
  'POST /api/auth/api-tokens': ['admin'],
  'GET /api/auth/api-tokens': ['admin'],
  'DELETE /api/auth/api-tokens/:id': ['admin'],
  'GET /': 'public',
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'GET /auth/callback': 'public',
  'POST /auth/callback': 'public',
  'POST /auth/new-link': 'public',
  'POST /sign-out': 'signed-in',
  'GET /signed-out': 'public',
  'GET /sessions': 'signed-in',
  'GET /sessions/:id': 'signed-in',
  'POST /sessions/:id/book': 'signed-in',
  'GET /bookings/:id': 'signed-in',
  'GET /bookings/:id/cancel': 'signed-in',
  'POST /bookings/:id/cancel': 'signed-in',
  'GET /api/organisations': 'signed-in',
  'GET /api/organisations/:id': 'signed-in',
  'POST /api/organisations': ['admin'],
  'PATCH /api/organisations/:id': ['admin'],
  'POST /api/people': ['admin'],
  'GET /api/people': { roles: ['admin', 'manager', 'trainer'], query: '?q=ab' },
  'GET /api/people/me': 'signed-in',
  'POST /api/people/import': ['admin'],
  'GET /api/people/:id': 'signed-in',
  'PATCH /api/people/:id': ['admin'],
  'DELETE /api/people/:id': ['admin'],
  'GET /api/courses': 'signed-in',
  'GET /api/courses/:id': 'signed-in',
  'POST /api/courses': ['admin', 'trainer'],
  'PATCH /api/courses/:id': ['admin', 'trainer'],
  'DELETE /api/courses/:id': ['admin'],
  'GET /api/admin/outbox': ['admin'],
  'POST /api/admin/outbox/:id/retry': ['admin'],
  'GET /api/admin/outbox/delivery': ['admin'],
  'POST /api/admin/outbox/retry-failed': ['admin'],
  'GET /api/admin/audit': ['admin'],
  'GET /api/sessions/:id/calendar.ics': 'signed-in',
  'GET /api/people/me/calendar-feed': 'signed-in',
  'POST /api/people/me/calendar-feed/rotate': 'signed-in',
  'GET /api/calendar-feeds/:token.ics': 'public',
  'GET /api/sessions/:id/attendance': ['trainer', 'admin'],
  'PUT /api/sessions/:id/attendance': ['trainer', 'admin'],
  'GET /api/sessions/:id/attendance/history': ['trainer', 'admin'],
  'POST /api/sessions/:id/check-in-code': ['trainer', 'admin'],
  'POST /api/sessions/:id/check-in': 'signed-in',
  'GET /api/reports/training': ['manager', 'admin'],
  'GET /api/reports/training/people': ['manager', 'admin'],
  'GET /api/people/me/training': 'signed-in',
  'GET /bookings': 'signed-in',
  'GET /bookings/:id/calendar.ics': 'signed-in',
  'GET /bookings/calendar-feed': 'signed-in',
  'GET /bookings/calendar-feed/reset': 'signed-in',
  'POST /bookings/calendar-feed/reset': 'signed-in',
  'GET /training-record': 'signed-in',
  'GET /training-record.csv': 'signed-in',
  'GET /check-in': 'signed-in',
  'POST /check-in': 'signed-in',
};
