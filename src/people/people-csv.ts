import { CsvError, parse } from 'csv-parse/sync';
import { isEmail } from 'class-validator';
import type { LineError } from '../common/domain-error';

/** The header an HR export must have, in this order. */
export const PEOPLE_CSV_HEADER = ['name', 'email', 'organisation', 'team', 'jobTitle', 'newlyQualified'] as const;

const MAX_LENGTH = { name: 200, email: 320, team: 200, jobTitle: 200 } as const;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '']);

/** One valid data row, its organisation resolved from the code. */
export interface PeopleCsvRow {
  line: number;
  name: string;
  email: string;
  emailKey: string;
  organisationId: string;
  team: string | null;
  jobTitle: string | null;
  newlyQualified: boolean;
}

/** What csv-parse yields with `info: true`: the fields and the line the record ends on. */
interface CsvRecord {
  record: string[];
  info: { lines: number };
}

export interface ParsedPeopleCsv {
  rows: PeopleCsvRow[];
  /** Every problem, by the line it starts on (the header is line 1). */
  errors: LineError[];
}

/**
 * Reads and checks an HR export of people. Tolerates what Excel writes (a UTF-8 byte-order
 * mark, CRLF line ends, blank rows) and reports every bad row, so one round of fixes suffices.
 * `organisationIds` maps upper-case organisation codes to ids.
 */
export function parsePeopleCsv(text: string, organisationIds: ReadonlyMap<string, string>): ParsedPeopleCsv {
  let records: CsvRecord[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true }) as unknown as CsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      return { rows: [], errors: [{ line, field: 'file', message: `The file is not valid CSV: ${error.message}` }] };
    }
    throw error;
  }

  const expected = PEOPLE_CSV_HEADER.join(',');
  const [header, ...data] = records;
  if (!header || header.record.map((name) => name.trim()).join(',') !== expected) {
    return { rows: [], errors: [{ line: 1, field: 'header', message: `The first line must be exactly: ${expected}` }] };
  }

  const rows: PeopleCsvRow[] = [];
  const errors: LineError[] = [];
  const firstLineByEmail = new Map<string, number>();
  let previousEnd = header.info.lines;
  for (const { record, info } of data) {
    // A quoted field may span lines: the record starts just after the previous one ended.
    const line = previousEnd + 1;
    previousEnd = info.lines;
    if (record.every((field) => field.trim() === '')) continue;
    const problem = (field: string, message: string) => errors.push({ line, field, message });
    if (record.length !== PEOPLE_CSV_HEADER.length) {
      problem('row', `Expected ${PEOPLE_CSV_HEADER.length} fields, found ${record.length}.`);
      continue;
    }
    const [name, email, organisation, team, jobTitle, newlyQualified] = record.map((field) => field.trim());
    const before = errors.length;

    if (!name) problem('name', 'The name is missing.');
    else if (name.length > MAX_LENGTH.name) problem('name', `The name is longer than ${MAX_LENGTH.name} characters.`);

    const emailKey = email.toLowerCase();
    if (!email) problem('email', 'The e-mail address is missing.');
    else if (email.length > MAX_LENGTH.email || !isEmail(email)) problem('email', `"${clip(email)}" is not a valid e-mail address.`);
    else if (firstLineByEmail.has(emailKey)) problem('email', `The same address is already on line ${firstLineByEmail.get(emailKey)}.`);
    else firstLineByEmail.set(emailKey, line);

    const organisationId = organisationIds.get(organisation.toUpperCase());
    if (!organisation) problem('organisation', 'The organisation code is missing.');
    else if (!organisationId) problem('organisation', `No organisation has the code "${clip(organisation)}".`);

    if (team.length > MAX_LENGTH.team) problem('team', `The team is longer than ${MAX_LENGTH.team} characters.`);
    if (jobTitle.length > MAX_LENGTH.jobTitle) problem('jobTitle', `The job title is longer than ${MAX_LENGTH.jobTitle} characters.`);

    const flag = newlyQualified.toLowerCase();
    if (!TRUE_WORDS.has(flag) && !FALSE_WORDS.has(flag)) {
      problem('newlyQualified', `"${clip(newlyQualified)}" is not yes/no, true/false or 1/0.`);
    }

    if (errors.length === before) {
      rows.push({
        line,
        name,
        email,
        emailKey,
        organisationId: organisationId!,
        team: team || null,
        jobTitle: jobTitle || null,
        newlyQualified: TRUE_WORDS.has(flag),
      });
    }
  }
  return { rows, errors };
}

/** Echoes a bad value back without echoing a whole pasted paragraph. */
function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
