import type { FieldError } from '../../common/domain-error';
import type { PersonTrainingDto } from '../../reports/dto/people-report.dto';
import { pagination, PaginationView } from '../presenters/pagination';
import { sessionTimes } from '../presenters/session-times';
import { NOT_YET_TRAINED_PAGE_SIZE, NotYetTrainedPageData } from './manager-pages.service';
import { ReportFiltersQuery, reportFiltersQueryString } from './report-filters';
import { ReportFiltersView, reportFiltersView } from './report-filters-view';
import { count, periodText, scopeName } from './training-report-view';

export interface NotYetTrainedPerson {
  /** "Name removed" for an erased person. */
  name: string;
  /** Their record; absent for an erased person. */
  href?: string;
  email?: string;
  /** Their soonest upcoming booking, or absent when they hold none. */
  booked?: { status: string; courseTitle: string; date: string; href: string };
  /** Where to book them onto a session; absent for an erased person. */
  bookHref?: string;
}

export interface NotYetTrainedGroup {
  /** The team, and its organisation when several are listed. */
  heading: string;
  people: NotYetTrainedPerson[];
}

export interface NotYetTrainedView {
  pageTitle: string;
  errors: FieldError[];
  scopeName: string;
  filters: ReportFiltersView;
  results?: {
    /** "23 social workers not yet trained" */
    heading: string;
    definition: string;
    /** "Showing 101 to 200 of 230", when there is more than one page. */
    range?: string;
    groups: NotYetTrainedGroup[];
    /** What to say when nobody is left to train. */
    nobody?: string;
    pagination?: PaginationView;
    csvHref: string;
    reportHref: string;
  };
}

/** A London calendar day, 'YYYY-MM-DD', as a Date inside it. */
function dayOf(isoDay: string | undefined): Date | null {
  return isoDay ? new Date(`${isoDay}T12:00:00Z`) : null;
}

function teamHeading(person: PersonTrainingDto, severalOrganisations: boolean): string {
  const team = person.team || 'No team';
  return severalOrganisations ? `${person.organisation} – ${team}` : team;
}

function presentPerson(person: PersonTrainingDto, courseId: string | undefined): NotYetTrainedPerson {
  const booking = person.nextBooking;
  const booked = booking && {
    status: booking.status === 'confirmed' ? 'Booked' : 'On the waiting list',
    courseTitle: booking.courseTitle,
    // The people report gives the start alone: its day in London, where the sessions are held.
    date: sessionTimes(booking.startsAt, booking.startsAt, 'Europe/London').date,
    href: `/sessions/${booking.sessionId}`,
  };
  if (person.name === null) return { name: 'Name removed', booked: booked ?? undefined };
  return {
    name: person.name,
    href: `/people/${person.personId}/record`,
    email: person.email ?? undefined,
    booked: booked ?? undefined,
    bookHref: `/people/${person.personId}/book${courseId ? `?course=${courseId}` : ''}`,
  };
}

/** People in the order the page read them (organisation, team, name), under a heading per team. */
export function groupByTeam(people: PersonTrainingDto[], severalOrganisations: boolean, courseId?: string): NotYetTrainedGroup[] {
  const groups: NotYetTrainedGroup[] = [];
  for (const person of people) {
    const heading = teamHeading(person, severalOrganisations);
    const last = groups.at(-1);
    if (last?.heading === heading) last.people.push(presentPerson(person, courseId));
    else groups.push({ heading, people: [presentPerson(person, courseId)] });
  }
  return groups;
}

export function notYetTrainedView(query: ReportFiltersQuery, data: NotYetTrainedPageData, page: number): NotYetTrainedView {
  const reader = { admin: data.admin };
  const view: NotYetTrainedView = {
    pageTitle: 'Not yet trained',
    errors: query.errors,
    scopeName: scopeName(data, query.form.organisation),
    filters: reportFiltersView('/reports/not-yet-trained', query, data, false),
  };
  if (!data.people || !query.filters) return view;
  const { items, total } = data.people;
  const { courseId, from, to } = query.filters;
  const courseTitle = data.courses.find((course) => course.id === courseId)?.title;
  const ofCourse = courseTitle ? ` of ${courseTitle}` : '';
  const period = periodText(dayOf(from), dayOf(to));
  const first = (page - 1) * NOT_YET_TRAINED_PAGE_SIZE + 1;
  const link = (path: string, extra: Record<string, string> = {}) => `${path}${reportFiltersQueryString(query.form, reader, extra)}`;
  view.results = {
    heading: `${count(total)} ${total === 1 ? 'social worker' : 'social workers'} not yet trained`,
    definition: `They have not attended a session${ofCourse} ${period}. Each one shows their next booking, if they have one.`,
    range: total > NOT_YET_TRAINED_PAGE_SIZE && items.length > 0 ? `Showing ${count(first)} to ${count(first + items.length - 1)} of ${count(total)}` : undefined,
    groups: groupByTeam(items, data.admin && !query.filters.organisationId, courseId),
    nobody: total === 0 ? `Everyone in ${view.scopeName} has attended a session${ofCourse} ${period}.` : undefined,
    pagination: pagination(page, Math.ceil(total / NOT_YET_TRAINED_PAGE_SIZE), (n) => link('/reports/not-yet-trained', n > 1 ? { page: String(n) } : {})),
    csvHref: link('/reports/not-yet-trained.csv'),
    reportHref: link('/reports/training'),
  };
  return view;
}
