import { createParamDecorator, ExecutionContext, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { CsvTooLargeError } from './people.errors';

/** The largest file the import reads. */
export const CSV_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

/** The encodings the import reads: UTF-8, or Windows-1252 when the request says so. */
export type CsvCharset = 'utf-8' | 'windows-1252';

/**
 * A CSV upload whose body has not been read yet. No global parser reads text bodies: the import
 * reads this one itself, so only a signed-in admin's request is ever read, and in chunks.
 */
export interface CsvUpload {
  body: Readable;
  charset: CsvCharset;
}

/**
 * The request body as a CSV upload. Resolved after the AuthGuard (guards run before parameters),
 * and checks only the headers: `text/csv` or 415, a charset the import reads or 415, a declared
 * length within the limit or 413.
 */
export const CsvBody = createParamDecorator((_: unknown, context: ExecutionContext): CsvUpload => {
  return csvUploadOf(context.switchToHttp().getRequest<Request>());
});

export function csvUploadOf(request: Request): CsvUpload {
  const [mediaType, ...parameters] = (request.header('content-type') ?? '').split(';');
  if (mediaType.trim().toLowerCase() !== 'text/csv') throw new UnsupportedMediaTypeException('Send the file with Content-Type: text/csv.');
  const encoding = request.header('content-encoding');
  if (encoding && encoding.trim().toLowerCase() !== 'identity') {
    throw new UnsupportedMediaTypeException('Send the file uncompressed, without a Content-Encoding.');
  }
  if (Number(request.header('content-length')) > CSV_UPLOAD_LIMIT_BYTES) throw new CsvTooLargeError(CSV_UPLOAD_LIMIT_BYTES);
  return { body: request, charset: charsetOf(parameters) };
}

/** UTF-8 unless the Content-Type names another charset; labels as browsers read them (latin1 and cp1252 are windows-1252). */
function charsetOf(parameters: string[]): CsvCharset {
  const declared = parameters
    .map((parameter) => parameter.split('='))
    .find(([name]) => name.trim().toLowerCase() === 'charset')?.[1]
    ?.trim()
    .replace(/^"(.*)"$/, '$1');
  if (declared === undefined) return 'utf-8';
  let encoding: string | undefined;
  try {
    encoding = new TextDecoder(declared).encoding;
  } catch {
    encoding = undefined;
  }
  if (encoding === 'utf-8' || encoding === 'windows-1252') return encoding;
  throw new UnsupportedMediaTypeException(
    `The charset "${declared.slice(0, 40)}" is not read here: send the file as UTF-8, or declare charset=windows-1252 for a Windows-1252 export.`,
  );
}
