import type { FieldError } from '../../common/domain-error';
import type { Page } from '../../common/pagination.dto';
import type { OrganisationDto } from '../../organisations/dto/organisation.dto';
import { pagination, type PaginationView } from '../presenters/pagination';
import type { OrganisationFormValues } from './organisations-form';

export const ORGANISATIONS_PAGE_SIZE = 50;
const ORGANISATIONS = '/admin/organisations';

const OUTCOMES: Record<string, string> = { added: 'Organisation added', saved: 'Organisation details saved' };

export interface OrganisationListView {
  pageTitle: string;
  summary: string;
  rows: Array<{ href: string; name: string; code: string }>;
  pagination?: PaginationView;
  pastTheEnd: boolean;
  outcome?: string;
}

export function organisationListView(page: Page<OrganisationDto>, pageNumber: number, done: unknown): OrganisationListView {
  const first = (pageNumber - 1) * ORGANISATIONS_PAGE_SIZE + 1;
  return {
    pageTitle: 'Organisations',
    summary:
      page.total > ORGANISATIONS_PAGE_SIZE && page.items.length > 0
        ? `Showing ${first} to ${first + page.items.length - 1} of ${page.total} organisations`
        : `${page.total} organisation${page.total === 1 ? '' : 's'}`,
    rows: page.items.map((organisation) => ({ href: `${ORGANISATIONS}/${organisation.id}`, name: organisation.name, code: organisation.code })),
    pagination: pagination(pageNumber, Math.ceil(page.total / ORGANISATIONS_PAGE_SIZE), (n) => `${ORGANISATIONS}?page=${n}`),
    pastTheEnd: page.items.length === 0 && page.total > 0,
    outcome: typeof done === 'string' ? OUTCOMES[done] : undefined,
  };
}

export interface OrganisationFormView {
  pageTitle: string;
  caption?: string;
  heading: string;
  action: string;
  submitText: string;
  backLinkHref: string;
  backLinkText: string;
  /** Changing the code of an organisation that exists changes what HR files must say. */
  existing: boolean;
  values: OrganisationFormValues;
  errors: FieldError[];
}

export function organisationFormView(values: OrganisationFormValues, errors: FieldError[], organisation?: OrganisationDto): OrganisationFormView {
  return {
    pageTitle: organisation ? `Change ${organisation.name}` : 'Add an organisation',
    caption: organisation?.name,
    heading: organisation ? 'Change organisation details' : 'Add an organisation',
    action: organisation ? `${ORGANISATIONS}/${organisation.id}` : `${ORGANISATIONS}/new`,
    submitText: organisation ? 'Save changes' : 'Add organisation',
    backLinkHref: ORGANISATIONS,
    backLinkText: 'Organisations',
    existing: organisation !== undefined,
    values,
    errors,
  };
}
