import { DomainError } from '../common/domain-error';

/** 401: a sign-in token that is unknown, expired, already used or belongs to nobody who may sign in. */
export class InvalidSignInTokenError extends DomainError {
  readonly status = 401;
  readonly code = 'invalid-token';

  constructor() {
    super('The sign-in link is unknown, expired or already used. Request a new one.');
  }
}
