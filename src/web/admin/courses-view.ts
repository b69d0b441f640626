import type { FieldError } from '../../common/domain-error';
import type { Page } from '../../common/pagination.dto';
import type { CourseDto, CourseUsageDto } from '../../courses/dto/course.dto';
import { londonDateTime } from '../presenters/london-time';
import { pagination, type PaginationView } from '../presenters/pagination';
import { paragraphs } from '../presenters/session-page-view';
import { formatHours } from '../presenters/training-record-view';
import type { CourseFormValues } from './courses-form';

export const COURSES_PAGE_SIZE = 50;
const COURSES = '/admin/courses';

export type CourseOutcome = 'added' | 'saved' | 'archived' | 'restored';
const COURSE_OUTCOMES: Record<CourseOutcome, string> = {
  added: 'Course added',
  saved: 'Course details saved',
  archived: 'Course archived: it is no longer offered',
  restored: 'Course offered again',
};

export function courseOutcome(done: unknown): string | undefined {
  return typeof done === 'string' && done in COURSE_OUTCOMES ? COURSE_OUTCOMES[done as CourseOutcome] : undefined;
}

/** "2 hours", "1 hour 30 minutes", "45 minutes". */
export function courseLength(minutes: number | null): string {
  if (minutes === null) return 'Not given';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [hours > 0 ? `${hours} hour${hours === 1 ? '' : 's'}` : '', rest > 0 ? `${rest} minute${rest === 1 ? '' : 's'}` : ''];
  return parts.filter(Boolean).join(' ');
}

export function cpdHoursText(hours: number | null): string {
  return hours === null ? 'Not given' : `${formatHours(hours)} hour${hours === 1 ? '' : 's'}`;
}

function countText(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export interface CourseRow {
  href: string;
  title: string;
  length: string;
  cpdHours: string;
  archived?: string;
}

export interface CourseListView {
  pageTitle: string;
  showArchived: boolean;
  /** "3 courses on offer", "Showing 51 to 60 of 60 archived courses". */
  summary: string;
  rows: CourseRow[];
  pagination?: PaginationView;
  pastTheEnd: boolean;
  outcome?: string;
}

export function courseListView(page: Page<CourseDto>, pageNumber: number, showArchived: boolean, deleted: boolean): CourseListView {
  const noun = showArchived ? ['archived course', 'archived courses'] : ['course on offer', 'courses on offer'];
  const first = (pageNumber - 1) * COURSES_PAGE_SIZE + 1;
  const last = first + page.items.length - 1;
  const pageCount = Math.ceil(page.total / COURSES_PAGE_SIZE);
  return {
    pageTitle: showArchived ? 'Archived courses' : 'Courses',
    showArchived,
    summary:
      page.total > COURSES_PAGE_SIZE && page.items.length > 0
        ? `Showing ${first} to ${last} of ${page.total} ${noun[1]}`
        : countText(page.total, noun[0], noun[1]),
    rows: page.items.map((course) => ({
      href: `${COURSES}/${course.id}`,
      title: course.title,
      length: courseLength(course.durationMinutes),
      cpdHours: cpdHoursText(course.cpdHours),
      archived: course.archivedAt ? londonDateTime(course.archivedAt) : undefined,
    })),
    pagination: pagination(pageNumber, pageCount, (n) => `${COURSES}?${showArchived ? 'show=archived&' : ''}page=${n}`),
    pastTheEnd: page.items.length === 0 && page.total > 0,
    outcome: deleted ? 'Course deleted' : undefined,
  };
}

export interface CoursePageView {
  pageTitle: string;
  backLinkHref: string;
  backLinkText: string;
  course: {
    href: string;
    title: string;
    description: string[];
    length: string;
    cpdHours: string;
    archived?: string;
  };
  sessions: string;
  /** What archiving leaves alone: the sessions still to come go ahead. */
  upcomingSessions: number;
  mayDelete: boolean;
  outcome?: string;
}

export function coursePageView(usage: CourseUsageDto, outcome?: string): CoursePageView {
  const { course } = usage;
  return {
    pageTitle: course.title,
    backLinkHref: course.archivedAt ? `${COURSES}?show=archived` : COURSES,
    backLinkText: course.archivedAt ? 'Archived courses' : 'Courses',
    course: {
      href: `${COURSES}/${course.id}`,
      title: course.title,
      description: paragraphs(course.description),
      length: courseLength(course.durationMinutes),
      cpdHours: cpdHoursText(course.cpdHours),
      archived: course.archivedAt ? londonDateTime(course.archivedAt) : undefined,
    },
    sessions:
      usage.sessions === 0
        ? 'No sessions yet'
        : `${countText(usage.sessions, 'session', 'sessions')}, ${usage.upcomingSessions === 0 ? 'none' : usage.upcomingSessions} of them still to come`,
    upcomingSessions: usage.upcomingSessions,
    mayDelete: usage.sessions === 0,
    outcome,
  };
}

export interface CourseFormView {
  pageTitle: string;
  heading: string;
  action: string;
  submitText: string;
  backLinkHref: string;
  values: CourseFormValues;
  errors: FieldError[];
}

export function courseFormView(values: CourseFormValues, errors: FieldError[], course?: CourseDto): CourseFormView {
  return {
    pageTitle: course ? `Change ${course.title}` : 'Add a course',
    heading: course ? 'Change course details' : 'Add a course',
    action: course ? `${COURSES}/${course.id}/edit` : `${COURSES}/new`,
    submitText: course ? 'Save changes' : 'Add course',
    backLinkHref: course ? `${COURSES}/${course.id}` : COURSES,
    values,
    errors,
  };
}

/** The archive and delete confirmation pages. */
export function courseConfirmView(usage: CourseUsageDto, change: 'archive' | 'delete', refusal?: string) {
  const { course } = usage;
  return {
    pageTitle: change === 'archive' ? `Archive ${course.title}` : `Delete ${course.title}`,
    backLinkHref: `${COURSES}/${course.id}`,
    courseHref: `${COURSES}/${course.id}`,
    title: course.title,
    upcomingSessions: usage.upcomingSessions,
    upcomingText: countText(usage.upcomingSessions, 'session', 'sessions'),
    mayDelete: usage.sessions === 0,
    refusal,
  };
}
