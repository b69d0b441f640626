import type { Role } from '../../auth/actor';
import type { BookingDto } from '../../bookings/dto/booking.dto';
import type { FieldError } from '../../common/domain-error';
import type { OrganisationDto } from '../../organisations/dto/organisation.dto';
import type { PersonDto, TeamDto } from '../../people/dto/person.dto';
import type { TagColour } from '../presenters/my-bookings-view';
import { pagination, type PaginationView } from '../presenters/pagination';
import { sessionTimes } from '../presenters/session-times';
import { presentTrainingRecord, type TrainingRecordView } from '../presenters/training-record-view';
import { PEOPLE_PAGE_SIZE, type ReadPeopleFilters } from './people-filters';
import type { PeopleListData, PersonPageData } from './people-pages.service';
import { ROLE_CHOICES, type PersonFormValues } from './person-form';

export interface SelectItem {
  value: string;
  text: string;
  selected?: boolean;
}

export interface Tag {
  text: string;
  colour: TagColour;
}

const ROLE_NAMES: Record<Role, string> = { learner: 'Learner', trainer: 'Trainer', manager: 'Manager', admin: 'Administrator' };

export function rolesText(roles: Role[]): string {
  return roles.map((role) => ROLE_NAMES[role]).join(', ');
}

/** Active, Deactivated or Erased, as a tag. */
export function statusTag(person: Pick<PersonDto, 'active' | 'erasedAt'>): Tag {
  if (person.erasedAt) return { text: 'Erased', colour: 'grey' };
  return person.active ? { text: 'Active', colour: 'green' } : { text: 'Deactivated', colour: 'yellow' };
}

/** How a person is named on the pages: an erased person has no name left. */
export function personName(person: Pick<PersonDto, 'name' | 'erasedAt'>): string {
  return person.name ?? (person.erasedAt ? 'Erased person' : 'No name');
}

/** "12 January 2027", in London, where the service's admins are. */
export function londonDate(instant: Date | string): string {
  return new Date(instant).toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
}

export interface PersonRow {
  href: string;
  name: string;
  email: string;
  organisation: string;
  team: string;
  roles: string;
  status: Tag;
}

export interface PeopleListView {
  pageTitle: string;
  form: ReadPeopleFilters['form'];
  errors: FieldError[];
  filtered: boolean;
  organisationItems: SelectItem[];
  roleItems: SelectItem[];
  teamItems: SelectItem[];
  statusItems: SelectItem[];
  results?: {
    /** "23 people", "Showing 26 to 50 of 112 people". */
    summary: string;
    rows: PersonRow[];
    pagination?: PaginationView;
    /** The page asked for is past the last one. */
    pastTheEnd: boolean;
  };
}

function withChoice(items: SelectItem[], chosen: string): SelectItem[] {
  return items.map((item) => ({ ...item, selected: item.value === chosen }));
}

/** Teams of the chosen organisation, or every team name once. */
function teamItems(teams: TeamDto[], chosenTeam: string): SelectItem[] {
  const names = [...new Set(teams.map((team) => team.team))].sort((a, b) => a.localeCompare(b, 'en-GB'));
  // A team chosen before the organisation changed stays chosen, so the form says what the list shows.
  if (chosenTeam && !names.includes(chosenTeam)) names.unshift(chosenTeam);
  return withChoice([{ value: '', text: 'All teams' }, ...names.map((name) => ({ value: name, text: name }))], chosenTeam);
}

export function peopleListView(read: ReadPeopleFilters, data: PeopleListData): PeopleListView {
  const { form } = read;
  const organisationNames = new Map(data.organisations.map((organisation) => [organisation.id, organisation.name]));
  const view: PeopleListView = {
    pageTitle: 'People',
    form,
    errors: read.errors,
    filtered: read.filtered,
    organisationItems: withChoice(
      [{ value: '', text: 'All organisations' }, ...data.organisations.map((organisation) => ({ value: organisation.id, text: organisation.name }))],
      form.organisation,
    ),
    roleItems: withChoice([{ value: '', text: 'All roles' }, ...ROLE_CHOICES.map((choice) => ({ value: choice.value, text: choice.text }))], form.role),
    teamItems: teamItems(data.teams, form.team),
    statusItems: withChoice(
      [
        { value: '', text: 'Any' },
        { value: 'active', text: 'Active' },
        { value: 'inactive', text: 'Deactivated' },
      ],
      form.status,
    ),
  };
  if (!data.people || !read.filters) return view;
  const { items, total } = data.people;
  const page = read.filters.page;
  const pageCount = Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE));
  const first = (page - 1) * PEOPLE_PAGE_SIZE + 1;
  const noun = total === 1 ? 'person' : 'people';
  view.results = {
    summary:
      total <= PEOPLE_PAGE_SIZE || items.length === 0
        ? `${total.toLocaleString('en-GB')} ${noun}`
        : `Showing ${first.toLocaleString('en-GB')} to ${(first + items.length - 1).toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} ${noun}`,
    rows: items.map((person) => ({
      href: `/admin/people/${person.id}`,
      name: personName(person),
      email: person.email ?? '',
      organisation: organisationNames.get(person.organisationId) ?? '',
      team: person.team ?? '',
      roles: rolesText(person.roles),
      status: statusTag(person),
    })),
    pagination: pagination(Math.min(page, pageCount), pageCount, (number) => peopleListHref(form, number)),
    pastTheEnd: items.length === 0 && total > 0,
  };
  return view;
}

/** The list's address with the same filters, on another page. */
export function peopleListHref(form: ReadPeopleFilters['form'], page = 1): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) if (value) query.set(name, value);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/admin/people?${text}` : '/admin/people';
}

export type PersonOutcome = 'added' | 'saved' | 'deactivated' | 'reactivated' | 'erased';

const OUTCOME_BANNERS: Record<PersonOutcome, string> = {
  added: 'Person added',
  saved: 'Changes saved',
  deactivated: 'Account deactivated',
  reactivated: 'Account reactivated',
  erased: 'Personal details erased',
};

export function personOutcome(value: unknown): PersonOutcome | undefined {
  return typeof value === 'string' && value in OUTCOME_BANNERS ? (value as PersonOutcome) : undefined;
}

export interface PersonBookingRow {
  sessionHref: string;
  courseTitle: string;
  date: string;
  time: string;
  startsAtIso: string;
  status: Tag;
}

export interface SummaryRow {
  key: { text: string };
  value: { text: string } | { html: string };
  actions?: { items: Array<{ href: string; text: string; visuallyHiddenText: string }> };
}

export interface PersonPageView {
  pageTitle: string;
  heading: string;
  banner?: string;
  erased: boolean;
  status: Tag;
  /** nhsuk-frontend summary list rows, with a Change link each while the person can be changed. */
  detailRows: SummaryRow[];
  editHref?: string;
  upcoming: PersonBookingRow[];
  past: PersonBookingRow[];
  training: TrainingRecordView;
  /** Revoking goes through the API tokens pages, which come back here. */
  apiTokens: Array<{ name: string; created: string; status: Tag; revokeHref?: string }>;
  /** Issuing a token for an active person, on the API tokens pages. */
  issueTokenHref?: string;
  /** Deactivate or reactivate, when the person is not erased. */
  statusAction?: { text: string; href: string };
  eraseHref?: string;
  backLinkHref: string;
}

/** Past bookings say what they were; whether the person came is their training record's business. */
function bookingStatus(booking: BookingDto, past: boolean): Tag {
  if (booking.status === 'cancelled') return { text: 'Cancelled', colour: 'grey' };
  if (booking.session.status === 'cancelled') return { text: 'Session cancelled', colour: 'grey' };
  if (booking.status === 'waitlisted') {
    return past ? { text: 'Was on the waiting list', colour: 'grey' } : { text: `Waiting list: number ${booking.waitlistPosition ?? '–'}`, colour: 'yellow' };
  }
  return past ? { text: 'Had a place', colour: 'white' } : { text: 'Booked', colour: 'green' };
}

function bookingRow(booking: BookingDto, past: boolean): PersonBookingRow {
  const times = sessionTimes(booking.session.startsAt, booking.session.endsAt, booking.session.timezone);
  return {
    sessionHref: `/sessions/${booking.sessionId}`,
    courseTitle: booking.session.courseTitle,
    date: times.date,
    time: times.time,
    startsAtIso: times.startsAtIso,
    status: bookingStatus(booking, past),
  };
}

export function personPageView(data: PersonPageData, outcome?: PersonOutcome): PersonPageView {
  const { person, organisation } = data;
  const erased = person.erasedAt !== null;
  const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
  // `field`: the form field a Change link takes the admin to.
  const details: Array<{ key: string; value: string; field?: string }> = erased
    ? [
        { key: 'Organisation', value: organisation.name },
        { key: 'Team', value: person.team ?? 'Not given' },
        { key: 'Erased on', value: londonDate(person.erasedAt!) },
      ]
    : [
        { key: 'Full name', value: person.name ?? '', field: 'name' },
        { key: 'E-mail address', value: person.email ?? '', field: 'email' },
        { key: 'Organisation', value: organisation.name, field: 'organisationId' },
        { key: 'Team', value: person.team ?? 'Not given', field: 'team' },
        { key: 'Job title', value: person.jobTitle ?? 'Not given', field: 'jobTitle' },
        { key: 'Roles', value: rolesText(person.roles), field: 'roles' },
        { key: 'Newly qualified', value: yesNo(person.newlyQualified), field: 'details' },
        { key: 'Library member', value: yesNo(person.libraryMember), field: 'details-2' },
        { key: 'Added on', value: londonDate(person.createdAt) },
      ];
  const editHref = erased ? undefined : `/admin/people/${person.id}/edit`;
  const tag = statusTag(person);
  const detailRows: SummaryRow[] = [
    ...details.map(({ key, value, field }) => ({
      key: { text: key },
      value: { text: value },
      ...(editHref && field ? { actions: { items: [{ href: `${editHref}#${field}`, text: 'Change', visuallyHiddenText: key.toLowerCase() }] } } : {}),
    })),
    { key: { text: 'Account' }, value: { html: `<strong class="nhsuk-tag nhsuk-tag--${tag.colour}">${tag.text}</strong>` } },
  ];
  const now = data.now.getTime();
  const upcoming = data.bookings
    .filter((booking) => new Date(booking.session.startsAt).getTime() > now)
    .sort((a, b) => a.session.startsAt.localeCompare(b.session.startsAt));
  const past = data.bookings
    .filter((booking) => new Date(booking.session.startsAt).getTime() <= now)
    .sort((a, b) => b.session.startsAt.localeCompare(a.session.startsAt));
  return {
    pageTitle: personName(person),
    heading: personName(person),
    banner: outcome ? OUTCOME_BANNERS[outcome] : undefined,
    erased,
    status: tag,
    detailRows,
    editHref,
    upcoming: upcoming.map((booking) => bookingRow(booking, false)),
    past: past.map((booking) => bookingRow(booking, true)),
    training: presentTrainingRecord(data.training),
    apiTokens: data.apiTokens.map((token) => ({
      name: token.name ?? 'No name',
      created: londonDate(token.createdAt),
      status: token.revokedAt ? { text: `Revoked ${londonDate(token.revokedAt)}`, colour: 'grey' } : { text: 'Active', colour: 'green' },
      revokeHref: token.revokedAt ? undefined : `/admin/api-tokens/${token.id}/revoke?next=${encodeURIComponent(`/admin/people/${person.id}`)}`,
    })),
    issueTokenHref: erased || !person.active ? undefined : `/admin/api-tokens/new?personId=${person.id}`,
    statusAction: erased
      ? undefined
      : person.active
        ? { text: 'Deactivate account', href: `/admin/people/${person.id}/deactivate` }
        : { text: 'Reactivate account', href: `/admin/people/${person.id}/reactivate` },
    eraseHref: erased ? undefined : `/admin/people/${person.id}/erase`,
    backLinkHref: '/admin/people',
  };
}

export interface PersonFormView {
  pageTitle: string;
  heading: string;
  /** The person's name above the heading, when changing them. */
  caption?: string;
  action: string;
  submitText: string;
  backLinkHref: string;
  values: PersonFormValues;
  errors: FieldError[];
  organisationItems: SelectItem[];
  roleItems: Array<{ value: string; text: string; hint: { text: string }; checked: boolean }>;
  detailItems: Array<{ value: string; text: string; checked: boolean }>;
}

/** The add or change form; `personId` when changing a person. */
export function personFormView(
  organisations: OrganisationDto[],
  values: PersonFormValues,
  errors: FieldError[],
  person?: { id: string; name: string | null },
): PersonFormView {
  return {
    pageTitle: person ? `Change ${person.name ?? 'details'}` : 'Add a person',
    heading: person ? 'Change their details' : 'Add a person',
    caption: person?.name ?? undefined,
    action: person ? `/admin/people/${person.id}/edit` : '/admin/people/new',
    submitText: person ? 'Save changes' : 'Add person',
    backLinkHref: person ? `/admin/people/${person.id}` : '/admin/people',
    values,
    errors,
    organisationItems: withChoice(
      [{ value: '', text: 'Choose an organisation' }, ...organisations.map((organisation) => ({ value: organisation.id, text: organisation.name }))],
      values.organisationId,
    ),
    roleItems: ROLE_CHOICES.map((choice) => ({ value: choice.value, text: choice.text, hint: { text: choice.hint }, checked: values.roles.includes(choice.value) })),
    detailItems: [
      { value: 'newlyQualified', text: 'Newly qualified (in their first year of practice)', checked: values.newlyQualified },
      { value: 'libraryMember', text: 'Library member', checked: values.libraryMember },
    ],
  };
}

/** The people service's refusals on the form, as errors beside the fields they concern. */
export function personFormRefusal(code: string, message: string): FieldError | undefined {
  switch (code) {
    case 'email-taken':
      return { field: 'email', message: 'Someone else already uses this e-mail address' };
    case 'last-admin':
      return { field: 'roles', message: 'They are the only administrator. Make someone else an administrator first, then remove this role' };
    case 'not-found':
      return /organisation/i.test(message) ? { field: 'organisationId', message: 'Select the organisation they work for' } : undefined;
    default:
      return undefined;
  }
}
