import type { FieldError } from '../../common/domain-error';

/** A posted form's fields as strings: anything else (arrays from repeated names, objects) counts as absent. */
export type FormBody = Record<string, unknown>;

export function textField(body: FormBody | undefined, name: string): string {
  const value = body?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

/** The NHS.UK pattern's messages for an e-mail address field. */
export function emailFieldError(email: string, field = 'email'): FieldError | undefined {
  if (email === '') return { field, message: 'Enter your e-mail address' };
  if (email.length > 320 || !EMAIL_SHAPE.test(email)) {
    return { field, message: 'Enter an e-mail address in the correct format, like name@example.com' };
  }
  return undefined;
}
