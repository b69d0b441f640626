import { pipeline, Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify';

/** Spreadsheets run a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a single quote to a cell a spreadsheet would run as a formula. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export interface CsvColumn<T> {
  key: keyof T & string;
  header: string;
}

/** A CSV file on its way to the client. */
export interface CsvDownload {
  filename: string;
  stream: Readable;
}

/**
 * Writes records as CSV while they arrive, so memory holds one batch at a time however long
 * the file: UTF-8 with a byte-order mark (Excel then reads accented names right), a header
 * line, dates in ISO 8601 UTC, booleans as yes/no, and every cell neutralised.
 */
export function csvStream<T extends object>(columns: Array<CsvColumn<T>>, records: AsyncIterable<T> | Iterable<T>): Readable {
  const stringifier = stringify({
    bom: true,
    header: true,
    columns: columns.map(({ key, header }) => ({ key, header })),
    cast: {
      string: neutraliseCell,
      number: (value) => neutraliseCell(String(value)),
      date: (value) => value.toISOString(),
      boolean: (value) => (value ? 'yes' : 'no'),
    },
  });
  // A failing source destroys the stringifier with the error; the HTTP layer then aborts the
  // response, so a truncated file never looks complete. Nothing is left to do here.
  pipeline(Readable.from(records), stringifier, () => undefined);
  return stringifier;
}

/** The download as an HTTP attachment. */
export function asAttachment(download: CsvDownload): StreamableFile {
  return new StreamableFile(download.stream, {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${download.filename}"`,
  });
}
