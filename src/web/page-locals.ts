import type { Request } from 'express';
import { hasRole } from '../auth/actor';

export interface NavigationItem {
  href: string;
  text: string;
  current: boolean;
}

/** What the layout needs on every page: whether someone is signed in, and their navigation. */
export interface PageLocals {
  signedIn: boolean;
  navigation: NavigationItem[];
}

const LEARNER_ITEMS = [
  { href: '/sessions', text: 'Find training' },
  { href: '/bookings', text: 'My bookings' },
  { href: '/training-record', text: 'My training record' },
];

const MY_SESSIONS = { href: '/trainer/sessions', text: 'My sessions' };

const REPORT_ITEMS = [
  { href: '/reports/training', text: 'Training report' },
  { href: '/reports/not-yet-trained', text: 'Not yet trained' },
];

/** Admins run the service: people (with imports and erasure) first. */
const ADMIN_ITEMS = [
  { href: '/admin/people', text: 'People' },
  { href: '/admin/courses', text: 'Courses' },
  { href: '/admin/organisations', text: 'Organisations' },
  { href: '/admin/mail', text: 'Mail' },
  { href: '/admin/api-tokens', text: 'API tokens' },
  { href: '/admin/audit', text: 'Audit log' },
];

export function pageLocals(request: Request): PageLocals {
  const actor = request.actor;
  if (!actor) return { signedIn: false, navigation: [] };
  const items = [
    // Trainers run sessions from "My sessions"; admins, who may run any session, see them all there.
    ...(hasRole(actor, 'trainer') ? [MY_SESSIONS] : hasRole(actor, 'admin') ? [{ ...MY_SESSIONS, text: 'Sessions' }] : []),
    // Managers report on their organisation; admins on every organisation.
    ...(hasRole(actor, 'manager', 'admin') ? REPORT_ITEMS : []),
    ...(hasRole(actor, 'admin') ? ADMIN_ITEMS : []),
    ...(hasRole(actor, 'learner') ? LEARNER_ITEMS : LEARNER_ITEMS.slice(0, 1)),
  ];
  return {
    signedIn: true,
    navigation: items.map((item) => ({ ...item, current: request.path === item.href || request.path.startsWith(`${item.href}/`) })),
  };
}
