import type { PeopleCsvColumn, PeopleCsvRow } from './people-csv';
import type { StoredPerson } from './people-import-sql';
import type { Person } from './person.entity';

export const IMPORT_ACTIONS = ['create', 'update', 'unchanged'] as const;
export type ImportAction = (typeof IMPORT_ACTIONS)[number];

/** A value as the file shows it: organisations by code, an empty cell as null. */
export type ImportedValue = string | boolean | null;

export interface PersonFieldChange {
  field: PeopleCsvColumn;
  from: ImportedValue;
  to: ImportedValue;
}

/** What a line of the file does: a new person, or changes to the person with its address (none: unchanged). */
export interface LineOutcome {
  row: PeopleCsvRow;
  person: StoredPerson | undefined;
  action: ImportAction;
  changes: PersonFieldChange[];
}

export type PersonFromFile = Pick<Person, 'name' | 'email' | 'organisationId' | 'team' | 'jobTitle' | 'newlyQualified'>;

/** The fields a line sets; the rest of a person (roles, activity, library membership) the file leaves alone. */
export function fieldsFromFile(row: PeopleCsvRow): PersonFromFile {
  return {
    name: row.name,
    email: row.email,
    organisationId: row.organisationId,
    team: row.team,
    jobTitle: row.jobTitle,
    newlyQualified: row.newlyQualified,
  };
}

/**
 * What the line would do to `person` (undefined: nobody has the address), field by field in
 * the file's column order. An empty team or job title equals a missing one; the e-mail address
 * changes when only its letter case does, since it is kept as written.
 */
export function outcomeOf(row: PeopleCsvRow, person: StoredPerson | undefined, organisationCode: (id: string) => string): LineOutcome {
  if (!person) return { row, person, action: 'create', changes: [] };
  const changes: PersonFieldChange[] = [];
  const compare = (field: PeopleCsvColumn, from: ImportedValue, to: ImportedValue) => {
    if (from !== to) changes.push({ field, from, to });
  };
  compare('name', person.name, row.name);
  compare('email', person.email, row.email);
  if (person.organisationId !== row.organisationId) {
    changes.push({ field: 'organisation', from: organisationCode(person.organisationId), to: organisationCode(row.organisationId) });
  }
  compare('team', person.team || null, row.team);
  compare('jobTitle', person.jobTitle || null, row.jobTitle);
  compare('newlyQualified', person.newlyQualified, row.newlyQualified);
  return { row, person, action: changes.length > 0 ? 'update' : 'unchanged', changes };
}
