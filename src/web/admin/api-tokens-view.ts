import type { ApiTokenDto, CreatedApiTokenDto } from '../../auth/dto/api-token.dto';
import type { FieldError } from '../../common/domain-error';
import type { Page } from '../../common/pagination.dto';
import type { PersonDto } from '../../people/dto/person.dto';
import { londonDateTime } from '../presenters/london-time';
import type { TagColour } from '../presenters/my-bookings-view';
import { pagination, type PaginationView } from '../presenters/pagination';
import type { TokenFormValues } from './api-tokens-form';

export const TOKENS_PAGE_SIZE = 50;
const TOKENS = '/admin/api-tokens';

function personHref(personId: string): string {
  return `/admin/people/${personId}`;
}

function holderName(name: string | null): string {
  return name ?? 'Erased person';
}

export interface TokenRow {
  name: string;
  holder: { name: string; href: string };
  issued: string;
  status: { text: string; colour: TagColour };
  revokeHref?: string;
}

export interface TokenListView {
  pageTitle: string;
  showAll: boolean;
  summary: string;
  rows: TokenRow[];
  pagination?: PaginationView;
  pastTheEnd: boolean;
  outcome?: string;
}

export function tokenListView(page: Page<ApiTokenDto>, pageNumber: number, showAll: boolean, done: unknown): TokenListView {
  const noun = showAll ? ['API token', 'API tokens'] : ['API token in use', 'API tokens in use'];
  const first = (pageNumber - 1) * TOKENS_PAGE_SIZE + 1;
  return {
    pageTitle: 'API tokens',
    showAll,
    summary:
      page.total > TOKENS_PAGE_SIZE && page.items.length > 0
        ? `Showing ${first} to ${first + page.items.length - 1} of ${page.total} ${noun[1]}`
        : `${page.total} ${page.total === 1 ? noun[0] : noun[1]}`,
    rows: page.items.map((token) => ({
      name: token.name ?? 'No name',
      holder: { name: holderName(token.personName), href: personHref(token.personId) },
      issued: londonDateTime(token.createdAt),
      status: token.revokedAt ? { text: `Revoked ${londonDateTime(token.revokedAt)}`, colour: 'grey' } : { text: 'In use', colour: 'green' },
      revokeHref: token.revokedAt ? undefined : `${TOKENS}/${token.id}/revoke`,
    })),
    pagination: pagination(pageNumber, Math.ceil(page.total / TOKENS_PAGE_SIZE), (n) => `${TOKENS}?${showAll ? 'show=all&' : ''}page=${n}`),
    pastTheEnd: page.items.length === 0 && page.total > 0,
    outcome: done === 'revoked' ? 'API token revoked: it no longer works' : undefined,
  };
}

export interface TokenFormView {
  pageTitle: string;
  backLinkHref: string;
  values: TokenFormValues;
  errors: FieldError[];
  /** The person, when the form came from their page. */
  person?: { name: string; email: string; href: string };
  /** Why no token can be issued for that person. */
  refusal?: string;
}

export function tokenFormView(values: TokenFormValues, errors: FieldError[], person?: PersonDto): TokenFormView {
  const name = person ? holderName(person.name) : '';
  return {
    pageTitle: person ? `Issue an API token for ${name}` : 'Issue an API token',
    backLinkHref: person ? personHref(person.id) : TOKENS,
    values,
    errors,
    person: person ? { name, email: person.email ?? '', href: personHref(person.id) } : undefined,
    refusal:
      person && (person.erasedAt || !person.active)
        ? `${name}’s account is ${person.erasedAt ? 'erased' : 'deactivated'}, so no token can act as them.${person.erasedAt ? '' : ' Reactivate their account first.'}`
        : undefined,
  };
}

export function issuedTokenView(issued: CreatedApiTokenDto, cameFromPerson: boolean) {
  const holder = holderName(issued.personName);
  return {
    pageTitle: 'API token issued',
    name: issued.name,
    holder: { name: holder, href: personHref(issued.personId) },
    token: issued.token,
    cameFromPerson,
  };
}

export function revokeTokenView(token: ApiTokenDto, next: string | undefined) {
  const name = token.name ?? 'No name';
  return {
    pageTitle: `Revoke the API token ${name}`,
    backLinkHref: next ?? TOKENS,
    name,
    holder: { name: holderName(token.personName), href: personHref(token.personId) },
    issued: londonDateTime(token.createdAt),
    revoked: token.revokedAt ? londonDateTime(token.revokedAt) : undefined,
    action: `${TOKENS}/${token.id}/revoke`,
    next,
  };
}
