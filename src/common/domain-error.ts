/**
 * Errors that services throw for business outcomes. They carry a stable code and an HTTP
 * status; the problem-details filter is the one place that turns them into responses, so
 * services stay usable from schedulers and scripts too.
 */
export interface FieldError {
  field: string;
  message: string;
}

export interface LineError {
  line: number;
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly errors?: Array<FieldError | LineError>;
  /** How many errors there are in all, when `errors` lists only the first of them. */
  readonly errorCount?: number;

  constructor(message: string, errors?: Array<FieldError | LineError>, errorCount?: number) {
    super(message);
    this.name = new.target.name;
    this.errors = errors;
    this.errorCount = errorCount;
  }
}

/** 400: the input is malformed or invalid in a way DTO validation cannot see. */
export class InvalidInputError extends DomainError {
  readonly status = 400;
  readonly code = 'invalid-input';
}

/** 403: the caller's role may not do this. */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
}

/** 404: unknown, or not visible to the caller (never reveal which). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'not-found';

  constructor(what: string) {
    super(`${what} was not found`);
  }
}

/** 409: conflicts with the current state. */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** 422: a business rule refuses it. */
export class BusinessRuleError extends DomainError {
  readonly status = 422;
  readonly code: string;

  constructor(code: string, message: string, errors?: Array<FieldError | LineError>, errorCount?: number) {
    super(message, errors, errorCount);
    this.code = code;
  }
}

/** 429: too many attempts. */
export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly code = 'rate-limited';

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
