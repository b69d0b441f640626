import { CsvError, parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { BusinessRuleError, type LineError } from '../common/domain-error';
import { Windows1252Decoder } from './csv-text';
import type { ColumnMapping } from './hr-headings';
import { PEOPLE_CSV_HEADER } from './people-csv';

/** How the bytes of an uploaded file were read. */
export type SourceEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedFile {
  text: string;
  encoding: SourceEncoding;
}

/** A field separator HR exports use: Excel's comma, its semicolon in some locales, tabs in "Unicode text". */
export type Delimiter = ',' | ';' | '\t';

const SAVE_AS_CSV = 'In Excel choose File, Save As, and the type "CSV UTF-8 (Comma delimited)", then upload that file.';

/** 422: the upload is not a CSV file that can be read at all; nothing else is checked. */
export class UnreadableFileError extends BusinessRuleError {
  constructor(reason: 'file-empty' | 'file-not-csv' | 'file-no-rows', message: string, line?: number) {
    super(reason, message, line === undefined ? undefined : [{ line, field: 'file', message }], line === undefined ? undefined : 1);
  }
}

/**
 * Reads an uploaded file's bytes as text, as HR systems and Excel write it: UTF-8 (with or
 * without a byte-order mark), UTF-16 with a byte-order mark (Excel's "Unicode text"), or, when the
 * bytes are not UTF-8, Windows-1252 (Excel's plain "CSV"), which the caller should say it did.
 * A workbook, a PDF, other binary files and empty files are refused, saying what they are.
 */
export function decodeHrFile(bytes: Buffer): DecodedFile {
  if (bytes.length === 0) throw new UnreadableFileError('file-empty', 'The file is empty.');
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0xd0, 0xcf, 0x11, 0xe0)) {
    throw new UnreadableFileError('file-not-csv', `The file is an Excel workbook, not a CSV file. ${SAVE_AS_CSV}`);
  }
  if (starts(0x25, 0x50, 0x44, 0x46)) throw new UnreadableFileError('file-not-csv', 'The file is a PDF, not a CSV file.');
  let decoded: DecodedFile;
  if (starts(0xff, 0xfe)) decoded = { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  else if (starts(0xfe, 0xff)) decoded = { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  else decoded = decodeBytes(bytes.subarray(starts(0xef, 0xbb, 0xbf) ? 3 : 0));
  checkIsText(decoded.text);
  return decoded;
}

/** Pasted text: already characters; the same checks for what text never holds. */
export function checkPastedText(text: string): string {
  const withoutMark = text.replace(/^\uFEFF/, '');
  checkIsText(withoutMark);
  return withoutMark;
}

function decodeBytes(bytes: Buffer): DecodedFile {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    try {
      return { text: new Windows1252Decoder().decode(bytes), encoding: 'windows-1252' };
    } catch {
      throw new UnreadableFileError('file-not-csv', `The file is not text: it is not a CSV file. ${SAVE_AS_CSV}`);
    }
  }
}

/** NUL and the other control characters that no CSV file of names and addresses holds: a binary file, or the wrong one. */
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function checkIsText(text: string): void {
  if (text.trim() === '') throw new UnreadableFileError('file-empty', 'The file is empty.');
  const at = text.search(NOT_TEXT);
  if (at === -1) return;
  const line = lineAt(text, at);
  throw new UnreadableFileError(
    'file-not-csv',
    line === 1
      ? `The file is not a CSV file: it holds characters that text does not, such as NUL. ${SAVE_AS_CSV}`
      : `The file is not a CSV file: line ${line} holds characters that text does not, such as NUL. Is it the right file? ${SAVE_AS_CSV}`,
    line,
  );
}

/** The 1-based line of a position in the text, any line ending counted once. */
function lineAt(text: string, position: number): number {
  return 1 + (text.slice(0, position).match(LINE_BREAKS) ?? []).length;
}

const LINE_BREAKS = /\r\n|\r|\n/g;

/** The separator the header line uses most, outside quotes; a comma if it uses none. */
export function detectDelimiter(text: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const character of text.slice(0, 64 * 1024)) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === '\n' || character === '\r')) break;
    else if (!quoted && character in counts) counts[character as Delimiter]++;
  }
  const best = (Object.entries(counts) as Array<[Delimiter, number]>).reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] === 0 ? ',' : best[0];
}

/** A record of the file with the line it starts on and how many lines it takes (quoted fields may hold line breaks). */
interface HrRecord {
  line: number;
  lines: number;
  fields: string[];
}

/**
 * The records of the text with their lines, any mix of CRLF, LF and CR ending them (csv-parse
 * alone takes the first line's ending for all, so a mixed file would run rows together). Quotes
 * inside an unquoted field are kept as text, as Excel reads them. Yields to the event loop every
 * few hundred records.
 */
async function* hrRecords(text: string, delimiter: Delimiter): AsyncGenerator<HrRecord> {
  const records = Readable.from([text]).pipe(
    parse({ delimiter, record_delimiter: ['\r\n', '\n', '\r'], relax_quotes: true, relax_column_count: true, skip_empty_lines: false }),
  );
  let line = 1;
  let count = 0;
  try {
    for await (const fields of records as AsyncIterable<string[]>) {
      const lines = 1 + fields.reduce((sum, field) => sum + (field.match(LINE_BREAKS) ?? []).length, 0);
      yield { line, lines, fields };
      line += lines;
      if (++count % 500 === 0) await nextTurn();
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const at = (error as CsvError & { lines?: number }).lines ?? line;
    throw new UnreadableFileError(
      'file-not-csv',
      `The file cannot be read as CSV from line ${at}: ${plainCsvError(error)}. Open it in Excel, check that line, and save it as CSV again.`,
      at,
    );
  } finally {
    records.destroy();
  }
}

const PLAIN_CSV_ERRORS: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quotation mark opens a field that never closes',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted field has more text after its closing quotation mark',
};

function plainCsvError(error: CsvError): string {
  return PLAIN_CSV_ERRORS[error.code] ?? error.message;
}

function isBlank(fields: string[]): boolean {
  return fields.every((field) => field.trim() === '');
}

/** What a file holds, before any mapping: its separator, headings and how many rows of people it has. */
export interface HrFileShape {
  delimiter: Delimiter;
  headings: string[];
  rows: number;
}

/** Reads the whole file once: the headings, the separator, the number of rows; refuses a file with no rows. */
export async function inspectHrCsv(text: string): Promise<HrFileShape> {
  const delimiter = detectDelimiter(text);
  let headings: string[] | undefined;
  let rows = 0;
  for await (const record of hrRecords(text, delimiter)) {
    if (headings === undefined) {
      if (isBlank(record.fields)) continue;
      headings = record.fields.map((heading) => heading.trim());
    } else if (!isBlank(record.fields)) {
      rows++;
    }
  }
  if (headings === undefined) throw new UnreadableFileError('file-empty', 'The file is empty.');
  if (rows === 0) {
    throw new UnreadableFileError('file-no-rows', 'The file has a line of headings but no people under it. Check it is the right file.');
  }
  return { delimiter, headings, rows };
}

/** The first row of people under the headings, to show beside each heading what its column holds. */
export async function firstRow(text: string, delimiter: Delimiter): Promise<string[]> {
  let pastHeadings = false;
  for await (const record of hrRecords(text, delimiter)) {
    if (isBlank(record.fields)) continue;
    if (pastHeadings) return record.fields.map((field) => field.trim());
    pastHeadings = true;
  }
  return [];
}

/** A cell that starts as a spreadsheet formula does: imported as text, never run, but worth a look. */
export interface FormulaCell {
  line: number;
  field: string;
  value: string;
}

/** How a file's columns become ours. */
export interface HrTranslation {
  delimiter: Delimiter;
  mapping: ColumnMapping;
  /** The code of the organisation every person of the file belongs to, when no column names it. */
  organisationForAll?: string;
  /** Every organisation, so a column may name them by code or by name. */
  organisations: ReadonlyArray<{ code: string; name: string }>;
}

export interface PeopleCsvTranslation {
  /** The file in the import's own columns, every row on the line it had in the file. */
  csv: string;
  /** Rows the translation could not read, the first MAX_LISTED of them; they are left blank in `csv`, so the import never sees them. */
  problems: LineError[];
  problemCount: number;
  /** Cells that begin with =, +, - or @, the first MAX_LISTED of them. */
  formulas: FormulaCell[];
  formulaCount: number;
}

const MAX_LISTED = 100;
const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
const FORMULA_START = /^[=+\-@]/;

/**
 * An HR export in the import's own CSV (people-csv.ts): its columns picked by the mapping, a split
 * name joined, organisations named by code or by name given as their code, line endings made
 * LF. Each row stays on the line it started on in the file (padded with blank lines, which the
 * import skips), so the preview's line numbers are the ones the administrator sees in Excel.
 */
export async function toPeopleCsv(text: string, translation: HrTranslation): Promise<PeopleCsvTranslation> {
  const codeOf = organisationCodes(translation.organisations);
  const { mapping } = translation;
  const lines: string[] = [];
  const problems: LineError[] = [];
  let problemCount = 0;
  const formulas: FormulaCell[] = [];
  let formulaCount = 0;
  let headingCount: number | undefined;

  for await (const record of hrRecords(text, translation.delimiter)) {
    const cell = (index: number | undefined) => (index === undefined ? '' : (record.fields[index] ?? '').trim());
    let row: string[] | undefined;
    if (headingCount === undefined) {
      if (!isBlank(record.fields)) {
        headingCount = record.fields.length;
        row = [...PEOPLE_CSV_HEADER];
      }
    } else if (!isBlank(record.fields)) {
      if (record.fields.slice(headingCount).some((field) => field.trim() !== '')) {
        if (problemCount++ < MAX_LISTED) {
          problems.push({
            line: record.line,
            field: 'row',
            message: `The row has ${record.fields.length} fields but there are ${headingCount} headings: is there a ${DELIMITER_NAMES[translation.delimiter]} in a name or team that is not in quotation marks?`,
          });
        }
      } else {
        const name = mapping.name !== undefined ? cell(mapping.name) : [cell(mapping.firstName), cell(mapping.lastName)].filter(Boolean).join(' ');
        const organisation = translation.organisationForAll ?? cell(mapping.organisation);
        row = [name, cell(mapping.email), codeOf(organisation), cell(mapping.team), cell(mapping.jobTitle), cell(mapping.newlyQualified)];
        const shown = { name, email: row[1], organisation, team: row[3], jobTitle: row[4] };
        for (const [field, value] of Object.entries(shown)) {
          if (!FORMULA_START.test(value)) continue;
          if (formulaCount++ < MAX_LISTED) formulas.push({ line: record.line, field, value });
        }
      }
    }
    const written = row === undefined ? '' : row.map(csvField).join(',');
    lines.push(written, ...new Array<string>(record.lines - 1 - (written.match(/\n/g) ?? []).length).fill(''));
  }
  return { csv: `${lines.join('\n')}\n`, problems, problemCount, formulas, formulaCount };
}

/** Organisation as the file names it → its code; anything unknown is left for the import to report. */
function organisationCodes(organisations: HrTranslation['organisations']): (value: string) => string {
  const fold = (value: string) => value.replace(/\s+/g, ' ').trim().toLowerCase();
  const byName = new Map<string, string>();
  for (const organisation of organisations) byName.set(fold(organisation.name), organisation.code);
  // A code wins over a name that happens to be spelled the same.
  for (const organisation of organisations) byName.set(fold(organisation.code), organisation.code);
  return (value) => byName.get(fold(value)) ?? value;
}

/** One CSV field: quoted when it must be, its line breaks made LF. */
function csvField(value: string): string {
  const text = value.replace(LINE_BREAKS, '\n');
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
