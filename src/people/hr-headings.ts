import { PEOPLE_CSV_HEADER } from './people-csv';

/**
 * What an HR export's columns may hold for the import: our own columns, plus a first name and a
 * last name for exports that split the name (ESR and most payroll systems do).
 */
export const HR_FIELDS = ['name', 'firstName', 'lastName', 'email', 'organisation', 'team', 'jobTitle', 'newlyQualified'] as const;
export type HrField = (typeof HR_FIELDS)[number];

/** For each field, the index of the file's column that holds it; a field left out is not in the file. */
export type ColumnMapping = Partial<Record<HrField, number>>;

/**
 * Headings HR systems use for each field, as normaliseHeading leaves them (lower case, letters
 * and digits only). "Title" is left out on purpose: in HR exports it is usually Mr, Ms or Dr.
 */
const SYNONYMS: Record<HrField, string[]> = {
  name: ['name', 'fullname', 'employeename', 'staffname', 'personname', 'displayname', 'workername', 'employeefullname'],
  firstName: ['firstname', 'forename', 'forenames', 'givenname', 'givennames', 'first', 'preferredname'],
  lastName: ['lastname', 'surname', 'familyname', 'last'],
  email: [
    'email',
    'emailaddress',
    'workemail',
    'workemailaddress',
    'businessemail',
    'primaryemail',
    'nhsmail',
    'nhsmailaddress',
    'emailwork',
    'mail',
    'officeemail',
  ],
  organisation: [
    'organisation',
    'organization',
    'organisationcode',
    'organizationcode',
    'organisationname',
    'organizationname',
    'org',
    'orgcode',
    'orgname',
    'partnership',
    'partnershipcode',
    'hscp',
    'healthandsocialcarepartnership',
    'employer',
    'employingorganisation',
    'employingauthority',
    'company',
  ],
  team: ['team', 'teamname', 'department', 'dept', 'service', 'servicearea', 'unit', 'section', 'workteam', 'subjectivearea'],
  jobTitle: ['jobtitle', 'job', 'position', 'positiontitle', 'post', 'posttitle', 'role', 'jobrole', 'designation', 'occupation'],
  newlyQualified: ['newlyqualified', 'nq', 'nqsw', 'newlyqualifiedsocialworker', 'asye', 'firstyearinpractice', 'newlyqualifiedstatus'],
};

/** "E-mail address " → "emailaddress"; "Job Title (current)" → "jobtitlecurrent"; accents dropped. */
export function normaliseHeading(heading: string): string {
  return heading
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The file's headings are exactly ours, in our order: nothing needs mapping. */
export function isOwnHeader(headings: readonly string[]): boolean {
  return headings.length === PEOPLE_CSV_HEADER.length && PEOPLE_CSV_HEADER.every((column, index) => headings[index].trim() === column);
}

/**
 * The columns each field most likely is, from the headings alone: a heading that is a known
 * synonym of exactly one field, the first such column when several are. Our own headings are
 * synonyms too ("jobTitle" → "jobtitle"). A split name is suggested only when there is no
 * whole-name column.
 */
export function suggestMapping(headings: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const normalised = headings.map(normaliseHeading);
  for (const field of HR_FIELDS) {
    const index = normalised.findIndex((heading) => heading !== '' && SYNONYMS[field].includes(heading));
    if (index !== -1) mapping[field] = index;
  }
  if (mapping.name !== undefined) {
    delete mapping.firstName;
    delete mapping.lastName;
  }
  return mapping;
}

/** What a mapping still lacks before the file can be read: the fields the import cannot do without. */
export type MappingGap = 'name' | 'email' | 'organisation' | 'firstName' | 'lastName' | 'duplicate';

/**
 * The gaps of a mapping: a name (whole, or first and last), an e-mail address, and an
 * organisation unless one is given for the whole file; one column may not stand for two fields
 * (except nothing). Empty when the mapping will do.
 */
export function mappingGaps(mapping: ColumnMapping, organisationForAll: boolean): MappingGap[] {
  const gaps: MappingGap[] = [];
  if (mapping.name === undefined) {
    if (mapping.firstName === undefined && mapping.lastName === undefined) gaps.push('name');
    else if (mapping.firstName === undefined) gaps.push('firstName');
    else if (mapping.lastName === undefined) gaps.push('lastName');
  }
  if (mapping.email === undefined) gaps.push('email');
  if (mapping.organisation === undefined && !organisationForAll) gaps.push('organisation');
  const used = Object.values(mapping);
  if (new Set(used).size !== used.length) gaps.push('duplicate');
  return gaps;
}
