import { isEmail, isUUID } from 'class-validator';
import type { Role } from '../../auth/actor';
import type { FieldError } from '../../common/domain-error';
import { type FormBody, textField } from '../forms/form-fields';

export const ROLE_CHOICES: ReadonlyArray<{ value: Role; text: string; hint: string }> = [
  { value: 'learner', text: 'Learner', hint: 'Books training for themself and sees their own training record' },
  { value: 'trainer', text: 'Trainer', hint: 'Runs sessions and takes their registers' },
  { value: 'manager', text: 'Manager', hint: 'Sees the people, bookings and training reports of their organisation' },
  { value: 'admin', text: 'Administrator', hint: 'Can do everything, including adding and erasing people' },
];

/** The person form as it was filled in, to draw it again. */
export interface PersonFormValues {
  name: string;
  email: string;
  organisationId: string;
  team: string;
  jobTitle: string;
  roles: Role[];
  newlyQualified: boolean;
  libraryMember: boolean;
}

/** What the people service's create and update take from the form. */
export interface PersonInput {
  name: string;
  email: string;
  organisationId: string;
  team: string | null;
  jobTitle: string | null;
  roles: Role[];
  newlyQualified: boolean;
  libraryMember: boolean;
}

export interface ReadPersonForm {
  values: PersonFormValues;
  /** Undefined when the form has errors. */
  input?: PersonInput;
  errors: FieldError[];
}

/** Checkbox groups post each ticked value under the same name: one string, or an array of them. */
function ticked(body: FormBody | undefined, name: string): string[] {
  const value = body?.[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The add and change person form, checked as the API's DTO checks it (the same e-mail rule), with
 * the NHS error pattern's messages. Roles are checkboxes: at least one.
 */
export function readPersonForm(body: FormBody | undefined): ReadPersonForm {
  const chosenRoles = ticked(body, 'roles');
  const values: PersonFormValues = {
    name: textField(body, 'name'),
    email: textField(body, 'email'),
    organisationId: textField(body, 'organisationId'),
    team: textField(body, 'team'),
    jobTitle: textField(body, 'jobTitle'),
    roles: ROLE_CHOICES.map((choice) => choice.value).filter((role) => chosenRoles.includes(role)),
    newlyQualified: ticked(body, 'details').includes('newlyQualified'),
    libraryMember: ticked(body, 'details').includes('libraryMember'),
  };
  const errors: FieldError[] = [];
  if (values.name === '') errors.push({ field: 'name', message: 'Enter their full name' });
  else if (values.name.length > 200) errors.push({ field: 'name', message: 'Full name must be 200 characters or fewer' });
  if (values.email === '') errors.push({ field: 'email', message: 'Enter their work e-mail address' });
  else if (values.email.length > 320 || !isEmail(values.email)) {
    errors.push({ field: 'email', message: 'Enter an e-mail address in the correct format, like name@example.com' });
  }
  if (!isUUID(values.organisationId)) errors.push({ field: 'organisationId', message: 'Select the organisation they work for' });
  if (values.team.length > 200) errors.push({ field: 'team', message: 'Team must be 200 characters or fewer' });
  if (values.jobTitle.length > 200) errors.push({ field: 'jobTitle', message: 'Job title must be 200 characters or fewer' });
  if (values.roles.length === 0) errors.push({ field: 'roles', message: 'Select at least one role' });
  if (errors.length > 0) return { values, errors };
  return {
    values,
    errors,
    input: { ...values, team: values.team || null, jobTitle: values.jobTitle || null },
  };
}

/** The form filled in from a person, to change them. */
export function personFormValues(person: {
  name: string | null;
  email: string | null;
  organisationId: string;
  team: string | null;
  jobTitle: string | null;
  roles: Role[];
  newlyQualified: boolean;
  libraryMember: boolean;
}): PersonFormValues {
  return {
    name: person.name ?? '',
    email: person.email ?? '',
    organisationId: person.organisationId,
    team: person.team ?? '',
    jobTitle: person.jobTitle ?? '',
    roles: [...person.roles],
    newlyQualified: person.newlyQualified,
    libraryMember: person.libraryMember,
  };
}
