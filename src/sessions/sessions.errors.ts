import { BusinessRuleError, ConflictError, FieldError } from '../common/domain-error';

/** 409: the new capacity is below the seats already confirmed. */
export class CapacityBelowConfirmedError extends ConflictError {
  constructor(capacity: number, confirmedCount: number) {
    super('capacity-below-confirmed', `Capacity ${capacity} is below the ${confirmedCount} seats already confirmed.`);
  }
}

/** 422: a cancelled session cannot be changed or cancelled again. */
export class SessionCancelledError extends BusinessRuleError {
  constructor() {
    super('session-cancelled', 'The session has been cancelled.');
  }
}

/** 422: the body names a course or trainer that does not exist (or is not a trainer). */
export class UnknownReferenceError extends BusinessRuleError {
  constructor(errors: FieldError[]) {
    super('unknown-reference', 'The request refers to something that does not exist.', errors);
  }
}
