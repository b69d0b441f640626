import { CsvError, parse } from 'csv-parse';
import { isEmail } from 'class-validator';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { LineError } from '../common/domain-error';

/** The header an HR export must have, in this order. */
export const PEOPLE_CSV_HEADER = ['name', 'email', 'organisation', 'team', 'jobTitle', 'newlyQualified'] as const;
export type PeopleCsvColumn = (typeof PEOPLE_CSV_HEADER)[number];

/** A refused file lists the problems of this many bad lines, and counts the rest. */
export const MAX_LISTED_LINES = 100;

/** Rows checked between two turns of the event loop, so a large file never holds up other requests for long. */
const ROWS_PER_TURN = 500;

const MAX_LENGTH = { name: 200, email: 320, team: 200, jobTitle: 200 } as const;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '']);
const SAVE_AS_UTF8 = 'in Excel: Save As → CSV UTF-8 (Comma delimited)';

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


/** What checking a whole file found: nothing when it can be imported. */
export interface PeopleCsvCheck {
  /** The problems of the first MAX_LISTED_LINES bad lines, by the line each starts on (the header is line 1). */
  errors: LineError[];
  /** Problems in the whole file. */
  errorCount: number;
  /** Lines with at least one problem. */
  badLineCount: number;
}

/** CSV text, whole or in pieces as it is decoded. */
export type CsvTextSource = string | AsyncIterable<string>;

/**
 * Checks every row of an HR export of people, so one round of fixes suffices. Tolerates what
 * Excel writes (a UTF-8 byte-order mark, CRLF line ends, blank rows) and yields to the event loop
 * every few hundred rows. Keeps only the problems and the addresses seen (for duplicates), not
 * the rows: peopleCsvRows reads them again, batch by batch, when they are imported.
 * `organisationIds` maps upper-case organisation codes to ids.
 */
export async function checkPeopleCsv(text: CsvTextSource, organisationIds: ReadonlyMap<string, string>): Promise<PeopleCsvCheck> {
  const checker = new PeopleCsvChecker(organisationIds);
  try {
    let atHeader = true;
    for await (const record of csvRecords(text)) {
      if (atHeader) {
        atHeader = false;
        if (!checker.header(record)) break;
      } else {
        checker.row(record);
      }
    }
    if (atHeader) checker.header(undefined);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    checker.report((error as CsvError & { lines?: number }).lines ?? 1, 'file', `The file is not valid CSV: ${error.message}`);
  }
  return checker.result();
}

/**
 * The rows of a file that checkPeopleCsv found no problem in, `batchSize` at a time. The checks
 * are not repeated: only the file that passed them may be given.
 */
export async function* peopleCsvRows(
  text: CsvTextSource,
  organisationIds: ReadonlyMap<string, string>,
  batchSize: number,
): AsyncGenerator<PeopleCsvRow[]> {
  let batch: PeopleCsvRow[] = [];
  let line = 1;
  for await (const record of csvRecords(text)) {
    const start = line;
    line += linesOf(record);
    if (start === 1 || isBlank(record)) continue;
    const [name, email, organisation, team, jobTitle, newlyQualified] = record.map((field) => field.trim());
    batch.push({
      line: start,
      name,
      email,
      emailKey: email.toLowerCase(),
      organisationId: organisationIds.get(organisation.toUpperCase())!,
      team: team || null,
      jobTitle: jobTitle || null,
      newlyQualified: TRUE_WORDS.has(newlyQualified.toLowerCase()),
    });
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The records of CSV text as it is parsed, with a turn of the event loop every ROWS_PER_TURN. */
async function* csvRecords(text: CsvTextSource): AsyncGenerator<string[]> {
  const source = Readable.from(typeof text === 'string' ? [text] : text);
  // Files edited by hand or joined from several exports mix line endings: accept each one on any line.
  const records = source.pipe(parse({ bom: true, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] }));
  source.once('error', (error) => records.destroy(error));
  try {
    let count = 0;
    for await (const record of records as AsyncIterable<string[]>) {
      yield record;
      if (++count % ROWS_PER_TURN === 0) await nextTurn();
    }
  } finally {
    // Stopped early (a wrong header, a CSV error): stop reading the text too.
    source.destroy();
  }
}

/** The checks of one file, row after row. */
class PeopleCsvChecker {
  private readonly errors: LineError[] = [];
  private errorCount = 0;
  private badLineCount = 0;
  private lastBadLine = 0;
  private readonly firstLineByEmail = new Map<string, number>();
  /** The line the next record starts on. */
  private nextLine = 1;

  constructor(private readonly organisationIds: ReadonlyMap<string, string>) {}

  /** Checks the header line; false when the rest of the file cannot be read by it. */
  header(header: string[] | undefined): boolean {
    const expected = PEOPLE_CSV_HEADER.join(',');
    const names = header?.map((name) => name.trim()).join(',') ?? '';
    if (names === expected) {
      this.nextLine = 1 + linesOf(header!);
      return true;
    }
    this.report(
      1,
      'header',
      names.includes('\0')
        ? `The first line has NUL characters: the file is probably saved as Unicode text (UTF-16). Save it as UTF-8 (${SAVE_AS_UTF8}); the first line must be exactly: ${expected}`
        : `The first line must be exactly: ${expected}`,
    );
    return false;
  }

  row(record: string[]): void {
    const line = this.nextLine;
    this.nextLine += linesOf(record);
    if (isBlank(record)) return;
    const problem = (field: string, message: string) => this.report(line, field, message);
    if (record.length !== PEOPLE_CSV_HEADER.length) {
      problem('row', `Expected ${PEOPLE_CSV_HEADER.length} fields, found ${record.length}.`);
      return;
    }
    if (record.some((field) => field.includes('\0'))) {
      // PostgreSQL cannot store it and no name or address has one: a damaged or binary file.
      PEOPLE_CSV_HEADER.forEach((field, index) => {
        if (record[index].includes('\0')) problem(field, 'contains a NUL character; is this the right file, saved as CSV UTF-8?');
      });
      return;
    }
    const [name, email, organisation, team, jobTitle, newlyQualified] = record.map((field) => field.trim());

    if (!name) problem('name', 'The name is missing.');
    else if (name.length > MAX_LENGTH.name) problem('name', `The name is longer than ${MAX_LENGTH.name} characters.`);

    if (!email) problem('email', 'The e-mail address is missing.');
    else if (email.length > MAX_LENGTH.email || !isEmail(email)) problem('email', `"${clip(email)}" is not a valid e-mail address.`);
    else {
      const emailKey = email.toLowerCase();
      const firstLine = this.firstLineByEmail.get(emailKey);
      if (firstLine === undefined) this.firstLineByEmail.set(emailKey, line);
      else problem('email', `The same address is already on line ${firstLine}.`);
    }

    if (!organisation) problem('organisation', 'The organisation code is missing.');
    else if (!this.organisationIds.has(organisation.toUpperCase())) problem('organisation', `No organisation has the code "${clip(organisation)}".`);

    if (team.length > MAX_LENGTH.team) problem('team', `The team is longer than ${MAX_LENGTH.team} characters.`);
    if (jobTitle.length > MAX_LENGTH.jobTitle) problem('jobTitle', `The job title is longer than ${MAX_LENGTH.jobTitle} characters.`);

    const flag = newlyQualified.toLowerCase();
    if (!TRUE_WORDS.has(flag) && !FALSE_WORDS.has(flag)) {
      problem('newlyQualified', `"${clip(newlyQualified)}" is not yes/no, true/false or 1/0.`);
    }
  }

  report(line: number, field: string, message: string): void {
    this.errorCount++;
    if (line !== this.lastBadLine) {
      this.badLineCount++;
      this.lastBadLine = line;
    }
    if (this.badLineCount <= MAX_LISTED_LINES) this.errors.push({ line, field, message });
  }

  result(): PeopleCsvCheck {
    return { errors: this.errors, errorCount: this.errorCount, badLineCount: this.badLineCount };
  }
}

/** A line with no data, such as Excel leaves at the end: skipped. */
function isBlank(record: string[]): boolean {
  return record.every((field) => field.trim() === '');
}

/**
 * How many lines of the file a record takes: one, plus the line breaks inside its quoted fields
 * (counted here because csv-parse's own count takes a CRLF inside quotes for two lines).
 */
function linesOf(record: string[]): number {
  let lines = 1;
  for (const field of record) for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** Echoes a bad value back without echoing a whole pasted paragraph. */
function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
