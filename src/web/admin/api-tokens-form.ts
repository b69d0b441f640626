import { isEmail, isUUID } from 'class-validator';
import type { ApiTokenHolder } from '../../auth/api-tokens.service';
import type { FieldError } from '../../common/domain-error';
import { type FormBody, textField } from '../forms/form-fields';

/** The issue form as filled in: the person is fixed when the form came from their page. */
export interface TokenFormValues {
  personId: string;
  email: string;
  name: string;
}

export interface ReadTokenForm {
  values: TokenFormValues;
  /** Undefined when the form has errors. */
  holder?: ApiTokenHolder;
  errors: FieldError[];
}

export function readTokenForm(body: FormBody | undefined): ReadTokenForm {
  const values = { personId: textField(body, 'personId'), email: textField(body, 'email'), name: textField(body, 'name') };
  const errors: FieldError[] = [];
  const fixedPerson = isUUID(values.personId);
  if (!fixedPerson) {
    if (values.email === '') errors.push({ field: 'email', message: 'Enter the e-mail address of the person the token acts as' });
    else if (values.email.length > 320 || !isEmail(values.email)) {
      errors.push({ field: 'email', message: 'Enter an e-mail address in the correct format, like name@example.com' });
    }
  }
  if (values.name === '') errors.push({ field: 'name', message: 'Enter what the token is for' });
  else if (values.name.length > 200) errors.push({ field: 'name', message: 'What the token is for must be 200 characters or fewer' });
  if (errors.length > 0) return { values, errors };
  return { values, errors, holder: fixedPerson ? { personId: values.personId } : { email: values.email } };
}
