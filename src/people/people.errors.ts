import { BusinessRuleError, ConflictError, LineError } from '../common/domain-error';

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

/** 422 with one `{line, field, message}` per problem; nothing of the file was imported. */
export class InvalidPeopleCsvError extends BusinessRuleError {
  constructor(errors: LineError[]) {
    const lines = new Set(errors.map((error) => error.line)).size;
    super('invalid-csv', `The file has problems on ${lines} line${lines === 1 ? '' : 's'}; nothing was imported.`, errors);
  }
}
