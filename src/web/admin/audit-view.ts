import type { AuditDetails, AuditDetailValue } from '../../audit/audit-actions';
import type { AuditEventDto, AuditPersonDto } from '../../audit/dto/audit-event.dto';
import type { Role } from '../../auth/actor';
import type { Page } from '../../common/pagination.dto';
import { londonDateTime } from '../presenters/london-time';
import { pagination, type PaginationView } from '../presenters/pagination';

export const AUDIT_PAGE_SIZE = 50;

/** A piece of a sentence, linked when what it names still has a page. */
export interface Segment {
  text: string;
  href?: string;
}

const ROLE_NAMES: Record<string, string> = { learner: 'Learner', trainer: 'Trainer', manager: 'Manager', admin: 'Administrator' };
const FIELD_NAMES: Record<string, string> = {
  name: 'name',
  email: 'e-mail address',
  organisationId: 'organisation',
  team: 'team',
  jobTitle: 'job title',
  newlyQualified: 'newly qualified',
  libraryMember: 'library membership',
  title: 'title',
  description: 'description',
  durationMinutes: 'usual length',
  cpdHours: 'CPD hours',
};

/** "a", "a and b", "a, b and c". */
function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function strings(value: AuditDetailValue | undefined): string[] {
  return Array.isArray(value) ? value : [];
}

function text(value: AuditDetailValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function number(value: AuditDetailValue | undefined): number {
  return typeof value === 'number' ? value : 0;
}

function change(value: AuditDetailValue | undefined): { from: string; to: string } | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? { from: String(value.from), to: String(value.to) } : undefined;
}

function roles(value: AuditDetailValue | undefined): string {
  const names = strings(value).map((role) => ROLE_NAMES[role as Role] ?? role);
  return names.length > 0 ? listed(names) : 'no role';
}

function person(ref: AuditPersonDto | null | undefined): Segment {
  if (!ref) return { text: 'a person' };
  return { text: ref.name ?? 'an erased person', href: `/admin/people/${ref.id}` };
}

function possessive(segment: Segment): Segment {
  return { ...segment, text: `${segment.text}’s` };
}

/** A course or organisation by its name now, or as the change recorded it once it is gone. */
function named(current: string | null, details: AuditDetails, href: string | undefined): Segment {
  const recorded = text(details.title) ?? change(details.title)?.to ?? text(details.name) ?? change(details.name)?.to;
  return current !== null && href ? { text: current, href } : { text: `“${recorded ?? 'unknown'}”` };
}

/** What a recorded change did, in a sentence that links to what it changed. */
export function describeAuditEvent(event: AuditEventDto): Segment[] {
  const { details, subject } = event;
  const subjectPerson = person(subject.id ? { id: subject.id, name: subject.name } : null);
  const course = named(subject.name, details, subject.id ? `/admin/courses/${subject.id}` : undefined);
  const organisation = named(subject.name, details, subject.id ? `/admin/organisations/${subject.id}` : undefined);
  const token = `the API token “${text(details.name) ?? subject.name ?? 'no name'}” acting as `;
  switch (event.action) {
    case 'person-created':
      return [{ text: 'Added ' }, subjectPerson, { text: ` as ${roles(details.roles)}` }];
    case 'person-changed':
      return [{ text: 'Changed ' }, possessive(subjectPerson), { text: ` ${listed(strings(details.fields).map((field) => FIELD_NAMES[field] ?? field))}` }];
    case 'person-roles-changed': {
      const roleChange = details.roles && typeof details.roles === 'object' && !Array.isArray(details.roles) ? details.roles : undefined;
      return [{ text: 'Changed ' }, possessive(subjectPerson), { text: ` roles from ${roles(roleChange?.from)} to ${roles(roleChange?.to)}` }];
    }
    case 'person-deactivated':
      return [{ text: 'Deactivated ' }, possessive(subjectPerson), { text: ' account' }];
    case 'person-reactivated':
      return [{ text: 'Reactivated ' }, possessive(subjectPerson), { text: ' account' }];
    case 'person-erased':
      return [{ text: 'Erased ' }, subjectPerson];
    case 'people-imported':
      return [{ text: `Imported people from an HR file: ${number(details.created)} added, ${number(details.updated)} changed, ${number(details.unchanged)} unchanged` }];
    case 'organisation-created':
      return [{ text: 'Added the organisation ' }, organisation, { text: text(details.code) ? ` (${text(details.code)})` : '' }];
    case 'organisation-changed': {
      const changes = (['code', 'name'] as const)
        .map((field) => ({ field, values: change(details[field]) }))
        .filter((entry) => entry.values)
        .map(({ field, values }) => `${field} from “${values!.from}” to “${values!.to}”`);
      return [{ text: 'Changed the organisation ' }, organisation, { text: `: ${listed(changes)}` }];
    }
    case 'course-created':
      return [{ text: 'Added the course ' }, course];
    case 'course-changed': {
      const title = change(details.title);
      const fields = strings(details.fields).map((field) =>
        field === 'title' && title ? `title (was “${title.from}”)` : (FIELD_NAMES[field] ?? field),
      );
      return [{ text: 'Changed the course ' }, course, { text: `: ${listed(fields)}` }];
    }
    case 'course-archived':
      return [{ text: 'Archived the course ' }, course];
    case 'course-restored':
      return [{ text: 'Offered the course ' }, course, { text: ' again' }];
    case 'course-deleted':
      return [{ text: 'Deleted the course ' }, named(null, details, undefined)];
    case 'api-token-issued':
      return [{ text: `Issued ${token}` }, person(subject.holder)];
    case 'api-token-revoked':
      return [{ text: `Revoked ${token}` }, person(subject.holder)];
  }
}

export interface AuditRow {
  when: string;
  whenIso: string;
  who: Segment;
  what: Segment[];
}

export interface AuditPageView {
  pageTitle: string;
  columnWidth: 'full';
  /** Only the changes to one person, organisation, course or token. */
  narrowed: boolean;
  summary: string;
  rows: AuditRow[];
  pagination?: PaginationView;
  pastTheEnd: boolean;
}

export function auditPageView(page: Page<AuditEventDto>, pageNumber: number, subjectId?: string): AuditPageView {
  const first = (pageNumber - 1) * AUDIT_PAGE_SIZE + 1;
  const subjectFilter = subjectId ? `subject=${subjectId}&` : '';
  return {
    pageTitle: 'Audit log',
    columnWidth: 'full',
    narrowed: subjectId !== undefined,
    summary:
      page.total > AUDIT_PAGE_SIZE && page.items.length > 0
        ? `Showing ${first} to ${first + page.items.length - 1} of ${page.total} changes, newest first`
        : `${page.total} change${page.total === 1 ? '' : 's'}, newest first`,
    rows: page.items.map((event) => ({
      when: londonDateTime(event.occurredAt),
      whenIso: new Date(event.occurredAt).toISOString(),
      who: event.actor ? { text: event.actor.name ?? 'Erased person', href: `/admin/people/${event.actor.id}` } : { text: 'The service' },
      what: describeAuditEvent(event),
    })),
    pagination: pagination(pageNumber, Math.ceil(page.total / AUDIT_PAGE_SIZE), (n) => `/admin/audit?${subjectFilter}page=${n}`),
    pastTheEnd: page.items.length === 0 && page.total > 0,
  };
}
