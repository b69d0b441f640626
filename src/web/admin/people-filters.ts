import { isUUID } from 'class-validator';
import type { Role } from '../../auth/actor';
import type { FieldError } from '../../common/domain-error';
import { foldForSearch } from '../../people/person-search';
import { type FormBody, textField } from '../forms/form-fields';

export const PEOPLE_PAGE_SIZE = 25;

const ROLE_NAMES: readonly Role[] = ['learner', 'trainer', 'manager', 'admin'];

/** The people list's filters as the people service takes them; `page` counts from 1. */
export interface PeopleFilters {
  q?: string;
  organisationId?: string;
  role?: Role;
  team?: string;
  active?: boolean;
  page: number;
}

/** The filter form as it was filled in, to draw it again. */
export interface PeopleFilterForm {
  q: string;
  organisation: string;
  role: string;
  team: string;
  status: string;
}

export interface ReadPeopleFilters {
  /** Undefined when the form has errors: then no list is shown. */
  filters?: PeopleFilters;
  form: PeopleFilterForm;
  errors: FieldError[];
  /** Anything chosen: the page offers to clear it. */
  filtered: boolean;
}

/**
 * The people list's query string: a search of at least 2 letters or digits (accents and case
 * aside, as the service compares them), and selects whose unknown values (an edited address)
 * count as not chosen.
 */
export function readPeopleFilters(query: FormBody): ReadPeopleFilters {
  const form: PeopleFilterForm = {
    q: textField(query, 'q'),
    organisation: textField(query, 'organisation'),
    role: textField(query, 'role'),
    team: textField(query, 'team'),
    status: textField(query, 'status'),
  };
  const errors: FieldError[] = [];
  if (form.q !== '' && foldForSearch(form.q).length < 2) errors.push({ field: 'q', message: 'Enter at least 2 letters or numbers of a name or e-mail address' });
  else if (form.q.length > 100) errors.push({ field: 'q', message: 'Search must be 100 characters or fewer' });

  const role = ROLE_NAMES.find((name) => name === form.role);
  const active = form.status === 'active' ? true : form.status === 'inactive' ? false : undefined;
  const page = /^[1-9]\d{0,5}$/.test(textField(query, 'page')) ? Number(textField(query, 'page')) : 1;
  const filters: PeopleFilters = {
    q: form.q || undefined,
    organisationId: isUUID(form.organisation) ? form.organisation : undefined,
    role,
    team: form.team && form.team.length <= 200 ? form.team : undefined,
    active,
    page,
  };
  const filtered = Boolean(filters.q || filters.organisationId || filters.role || filters.team || filters.active !== undefined);
  return { filters: errors.length > 0 ? undefined : filters, form, errors, filtered };
}
