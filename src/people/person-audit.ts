import type { AuditAction, AuditDetails } from '../audit/audit-actions';
import type { Person } from './person.entity';

/** The fields of a person whose change the audit log names (by field, never by value). */
const DETAIL_FIELDS = ['name', 'email', 'organisationId', 'team', 'jobTitle', 'newlyQualified', 'libraryMember'] as const;

type PersonState = Pick<Person, (typeof DETAIL_FIELDS)[number] | 'roles' | 'active'>;

/**
 * What the audit log records for a change of a person: their details (field names only, so an
 * erasure leaves no name or address behind), their roles (from and to), and their account
 * deactivated or reactivated. Nothing for a change that changes nothing.
 */
export function personChangeEvents(before: PersonState, after: PersonState): Array<{ action: AuditAction; details: AuditDetails }> {
  const events: Array<{ action: AuditAction; details: AuditDetails }> = [];
  const fields = DETAIL_FIELDS.filter((field) => before[field] !== after[field]);
  if (fields.length > 0) events.push({ action: 'person-changed', details: { fields } });
  if (before.roles.join() !== after.roles.join()) events.push({ action: 'person-roles-changed', details: { roles: { from: before.roles, to: after.roles } } });
  if (before.active !== after.active) events.push({ action: after.active ? 'person-reactivated' : 'person-deactivated', details: {} });
  return events;
}
