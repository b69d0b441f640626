import type { FieldError } from '../../common/domain-error';
import type { OrganisationDto } from '../../organisations/dto/organisation.dto';
import { type FormBody, textField } from '../forms/form-fields';

export interface OrganisationFormValues {
  code: string;
  name: string;
}

export interface ReadOrganisationForm {
  values: OrganisationFormValues;
  /** Undefined when the form has errors. */
  input?: OrganisationFormValues;
  errors: FieldError[];
}

export function organisationFormValues(organisation: OrganisationDto): OrganisationFormValues {
  return { code: organisation.code, name: organisation.name };
}

/** The organisation form, checked as the API's DTO checks it: the code is upper-cased. */
export function readOrganisationForm(body: FormBody | undefined): ReadOrganisationForm {
  const values = { code: textField(body, 'code').toUpperCase(), name: textField(body, 'name') };
  const errors: FieldError[] = [];
  if (values.code === '') errors.push({ field: 'code', message: 'Enter the organisation’s code' });
  else if (!/^[A-Z0-9-]{2,32}$/.test(values.code)) {
    errors.push({ field: 'code', message: 'Code must be 2 to 32 letters, numbers or hyphens, like EAHSCP' });
  }
  if (values.name === '') errors.push({ field: 'name', message: 'Enter the organisation’s name' });
  else if (values.name.length > 200) errors.push({ field: 'name', message: 'Name must be 200 characters or fewer' });
  return errors.length > 0 ? { values, errors } : { values, errors, input: values };
}
