import { BusinessRuleError, ConflictError, DomainError, LineError } from '../common/domain-error';

export class EmailTakenError extends ConflictError {
  constructor(email: string) {
    super('email-taken', `Another person already uses the e-mail address ${email}.`);
  }
}

export class LastAdminError extends BusinessRuleError {
  constructor() {
    super('last-admin', 'This would leave nobody able to administer the service: make someone else an admin first.');
  }
}

export class PersonErasedError extends BusinessRuleError {
  constructor() {
    super('person-erased', 'This person has been erased and can no longer be changed.');
  }
}

/**
 * 422: nothing of the file was imported. `errors` holds every problem of the first
 * MAX_LISTED_LINES bad lines, `errorCount` the number of problems in the whole file, so a file of
 * thousands of bad rows answers in a few kilobytes.
 */
export class InvalidPeopleCsvError extends BusinessRuleError {
  constructor(errors: LineError[], errorCount: number, badLines: number) {
    const listed = errorCount > errors.length ? ` The problems of the first ${new Set(errors.map((e) => e.line)).size} are listed.` : '';
    super(
      'invalid-csv',
      `The file has problems on ${badLines.toLocaleString('en-GB')} line${badLines === 1 ? '' : 's'}; nothing was imported.${listed}`,
      errors,
      errorCount,
    );
  }
}

/**
 * 422: the bytes are not text in the charset the request declared (UTF-8 when it declared none),
 * typically an Excel export in Windows-1252 sent as UTF-8. Nothing is guessed or replaced.
 */
export class CsvEncodingError extends BusinessRuleError {
  constructor(charset: 'utf-8' | 'windows-1252', line: number) {
    const saveAsUtf8 = 'Save it as UTF-8 and upload it again (in Excel: Save As → CSV UTF-8 (Comma delimited))';
    const message =
      charset === 'utf-8'
        ? `The file is not UTF-8: line ${line} has characters in another encoding, probably an Excel export in ` +
          `Windows-1252. ${saveAsUtf8}, or send it with Content-Type: text/csv; charset=windows-1252.`
        : `The file is not Windows-1252: line ${line} has bytes that Windows-1252 does not use. ${saveAsUtf8}.`;
    super(charset === 'utf-8' ? 'csv-not-utf-8' : 'csv-not-windows-1252', message, [{ line, field: 'file', message }], 1);
  }
}

/** 413: the file is larger than the import reads. */
export class CsvTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'payload-too-large';

  constructor(limitBytes: number) {
    super(`The file is larger than ${limitBytes / 1024 / 1024} MB; split it into smaller files.`);
  }
}
