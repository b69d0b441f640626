import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidInputError } from '../common/domain-error';

/** Printable ASCII, as HTTP header values are, and no longer than the stored key column. */
const VALID_KEY = /^[\x21-\x7e]{1,200}$/;

/** Whether a key may be used as an Idempotency-Key (the web forms carry theirs in a hidden field). */
export function isValidIdempotencyKey(key: string): boolean {
  return VALID_KEY.test(key);
}

/** The request's Idempotency-Key header, checked; undefined when absent. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const key = context.switchToHttp().getRequest<Request>().header('idempotency-key');
  if (key === undefined) return undefined;
  if (!isValidIdempotencyKey(key)) {
    throw new InvalidInputError('The Idempotency-Key header is invalid.', [
      { field: 'Idempotency-Key', message: 'must be 1 to 200 printable ASCII characters without spaces' },
    ]);
  }
  return key;
});
