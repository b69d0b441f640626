import { isUUID } from 'class-validator';
import { CHECK_IN_CODE_ALPHABET, CHECK_IN_CODE_LENGTH, normaliseCheckInCode } from '../../attendance/attendance-rules';
import type { FieldError } from '../../common/domain-error';
import { FormBody, textField } from './form-fields';

export interface CheckInForm {
  sessionId: string;
  /** As typed, to show again. */
  code: string;
}

/**
 * The check-in form: which session (a radio when several are open, else a hidden field) and the
 * code. A code that cannot be one (wrong length, a letter codes never use) is refused here, so a
 * typing slip does not count as a wrong guess.
 */
export function readCheckInForm(body: FormBody | undefined, openSessionIds: string[]): { form: CheckInForm; errors: FieldError[] } {
  const sessionId = textField(body, 'sessionId');
  // Anything but an id (an edited form) names no session: it is treated as no choice.
  const form = { sessionId: isUUID(sessionId) ? sessionId : '', code: textField(body, 'code') };
  const errors: FieldError[] = [];
  if (form.sessionId === '' && openSessionIds.length > 1) errors.push({ field: 'sessionId', message: 'Select the session you are at' });
  if (form.sessionId === '' && openSessionIds.length === 1) form.sessionId = openSessionIds[0];
  const code = normaliseCheckInCode(form.code);
  if (code === '') {
    errors.push({ field: 'code', message: 'Enter the check-in code' });
  } else if (code.length !== CHECK_IN_CODE_LENGTH || [...code].some((character) => !CHECK_IN_CODE_ALPHABET.includes(character))) {
    errors.push({ field: 'code', message: `Enter the ${CHECK_IN_CODE_LENGTH}-character code your trainer shows, like K7PX3M` });
  }
  return { form, errors };
}
