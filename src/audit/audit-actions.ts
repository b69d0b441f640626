/** What kind of thing a change was made to. */
export const AUDIT_SUBJECT_TYPES = ['person', 'import', 'organisation', 'course', 'api-token'] as const;
export type AuditSubjectType = (typeof AUDIT_SUBJECT_TYPES)[number];

/** Every change the audit log records, with the kind of subject it is made to. */
export const AUDIT_ACTION_SUBJECTS = {
  'person-created': 'person',
  'person-changed': 'person',
  'person-roles-changed': 'person',
  'person-deactivated': 'person',
  'person-reactivated': 'person',
  'person-erased': 'person',
  'people-imported': 'import',
  'organisation-created': 'organisation',
  'organisation-changed': 'organisation',
  'course-created': 'course',
  'course-changed': 'course',
  'course-archived': 'course',
  'course-restored': 'course',
  'course-deleted': 'course',
  'api-token-issued': 'api-token',
  'api-token-revoked': 'api-token',
} as const satisfies Record<string, AuditSubjectType>;

export type AuditAction = keyof typeof AUDIT_ACTION_SUBJECTS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_SUBJECTS) as AuditAction[];

/**
 * What the change was, beyond its subject: field names, roles, counts, course titles and
 * organisation names. Never a person's name or e-mail address (an erasure must remove them
 * everywhere); people are named by id.
 */
export type AuditDetails = Record<string, AuditDetailValue>;
export type AuditDetailValue = string | number | boolean | null | string[] | { from: AuditDetailValue; to: AuditDetailValue };
