import { FIND_TRAINING_PAGE_SIZE, FindTrainingQuery, findTrainingHref } from '../forms/find-training-query';
import type { DatePart, DateParts } from '../forms/date-input';
import type { FindTrainingData } from '../learner/session-pages.service';
import { pagination, PaginationView } from './pagination';
import { presentSession, SessionSummary } from './session-summary';

/** The items of nhsuk-frontend's date input, with the wrong boxes marked. */
function dateItems(name: string, parts: DateParts, wrong: DatePart[] = []) {
  return (['day', 'month', 'year'] as const).map((part) => ({
    id: `${name}-${part}`,
    name: `${name}-${part}`,
    label: part === 'day' ? 'Day' : part === 'month' ? 'Month' : 'Year',
    value: parts[part],
    width: part === 'year' ? 4 : 2,
    classes: wrong.includes(part) ? 'nhsuk-input--error' : undefined,
  }));
}

function dateError(query: FindTrainingQuery, name: 'from' | 'to'): { text: string } | undefined {
  const error = query.errors.find((candidate) => candidate.field.startsWith(`${name}-`));
  return error && { text: error.message };
}

export interface FindTrainingView {
  pageTitle: string;
  errors: FindTrainingQuery['errors'];
  form: FindTrainingQuery['form'];
  courseItems: Array<{ value: string; text: string; selected: boolean }>;
  fromItems: ReturnType<typeof dateItems>;
  toItems: ReturnType<typeof dateItems>;
  /** The message beside each date, for the date input's errorMessage. */
  fromError?: { text: string };
  toError?: { text: string };
  filtered: boolean;
  /** Absent when the filters had errors. */
  results?: {
    total: number;
    /** "Showing 21 to 40 of 57 sessions" */
    range: string;
    sessions: SessionSummary[];
    pagination?: PaginationView;
    /** True when the page asked for lies past the last one. */
    pastTheEnd: boolean;
  };
}

function sessionsCount(total: number): string {
  return `${total} ${total === 1 ? 'session' : 'sessions'}`;
}

export function findTrainingView(query: FindTrainingQuery, data: FindTrainingData): FindTrainingView {
  const { form } = query;
  const view: FindTrainingView = {
    pageTitle: 'Find training',
    errors: query.errors,
    form,
    courseItems: [
      { value: '', text: 'All courses', selected: form.course === '' },
      ...data.courses.map((course) => ({ value: course.id, text: course.title, selected: course.id === form.course })),
    ],
    fromItems: dateItems('from', form.from, query.dateErrorParts.from),
    toItems: dateItems('to', form.to, query.dateErrorParts.to),
    fromError: dateError(query, 'from'),
    toError: dateError(query, 'to'),
    filtered: findTrainingHref(form, 1) !== '/sessions',
  };
  if (!data.sessions || !query.filters) return view;
  const { page } = query.filters;
  const { items, total } = data.sessions;
  const first = (page - 1) * FIND_TRAINING_PAGE_SIZE + 1;
  const pageCount = Math.ceil(total / FIND_TRAINING_PAGE_SIZE);
  view.results = {
    total,
    range:
      total <= FIND_TRAINING_PAGE_SIZE || items.length === 0
        ? sessionsCount(total)
        : `Showing ${first} to ${first + items.length - 1} of ${sessionsCount(total)}`,
    sessions: items.map((session) => presentSession(session, data.now)),
    pagination: pagination(page, pageCount, (n) => findTrainingHref(form, n)),
    pastTheEnd: items.length === 0 && total > 0,
  };
  return view;
}
