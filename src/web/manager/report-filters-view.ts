import type { FieldError } from '../../common/domain-error';
import type { GroupBy } from '../../reports/report-definitions';
import type { DatePart, DateParts } from '../forms/date-input';
import type { ReportScope } from './manager-pages.service';
import { groupingsFor, ReportFiltersForm, ReportFiltersQuery, reportFiltersQueryString } from './report-filters';

/** What each grouping's rows are called: "by team", a "Team" column. */
export const GROUPING_NAMES: Record<GroupBy, { one: string; heading: string }> = {
  organisation: { one: 'organisation', heading: 'Organisation' },
  team: { one: 'team', heading: 'Team' },
  course: { one: 'course', heading: 'Course' },
  month: { one: 'month', heading: 'Month' },
};

interface SelectItem {
  value: string;
  text: string;
  selected: boolean;
}

/** The filter form's parts, as nhsuk-frontend's macros take them. */
export interface ReportFiltersView {
  /** The form's address: the page itself. */
  action: string;
  /** Radios for the grouping; absent where the page has none. */
  groupItems?: Array<{ value: string; text: string; checked: boolean }>;
  /** Admins: every organisation, or one. */
  organisationItems?: SelectItem[];
  organisationError?: { text: string };
  courseItems: SelectItem[];
  courseError?: { text: string };
  fromItems: DateItem[];
  toItems: DateItem[];
  fromError?: { text: string };
  toError?: { text: string };
  /** True when any filter differs from the page's default, so "Clear filters" is offered. */
  filtered: boolean;
}

interface DateItem {
  id: string;
  name: string;
  label: string;
  value: string;
  width: number;
  classes?: string;
}

/** The items of nhsuk-frontend's date input, with the wrong boxes marked. */
function dateItems(name: string, parts: DateParts, wrong: DatePart[] = []): DateItem[] {
  return (['day', 'month', 'year'] as const).map((part) => ({
    id: `${name}-${part}`,
    name: `${name}-${part}`,
    label: part === 'day' ? 'Day' : part === 'month' ? 'Month' : 'Year',
    value: parts[part],
    width: part === 'year' ? 4 : 2,
    classes: wrong.includes(part) ? 'nhsuk-input--error' : undefined,
  }));
}

function messageFor(errors: FieldError[], matches: (field: string) => boolean): { text: string } | undefined {
  const error = errors.find((candidate) => matches(candidate.field));
  return error && { text: error.message };
}

/** The filters of a report page, drawn from what was typed; `withGrouping`: whether the page offers the grouping. */
export function reportFiltersView(action: string, query: ReportFiltersQuery, scope: ReportScope, withGrouping: boolean): ReportFiltersView {
  const { form, errors } = query;
  const reader = { admin: scope.admin };
  const formForLink: ReportFiltersForm = withGrouping ? form : { ...form, group: groupingsFor(reader)[0] };
  return {
    action,
    groupItems: withGrouping
      ? groupingsFor(reader).map((grouping) => ({ value: grouping, text: GROUPING_NAMES[grouping].heading, checked: grouping === form.group }))
      : undefined,
    organisationItems: scope.admin
      ? [
          { value: '', text: 'All organisations', selected: form.organisation === '' },
          ...scope.organisations.map((organisation) => ({ value: organisation.id, text: organisation.name, selected: organisation.id === form.organisation })),
        ]
      : undefined,
    organisationError: messageFor(errors, (field) => field === 'organisation'),
    courseItems: [
      { value: '', text: 'All courses', selected: form.course === '' },
      ...scope.courses.map((course) => ({ value: course.id, text: course.title, selected: course.id === form.course })),
    ],
    courseError: messageFor(errors, (field) => field === 'course'),
    fromItems: dateItems('from', form.from, query.dateErrorParts.from),
    toItems: dateItems('to', form.to, query.dateErrorParts.to),
    fromError: messageFor(errors, (field) => field.startsWith('from-')),
    toError: messageFor(errors, (field) => field.startsWith('to-')),
    filtered: reportFiltersQueryString(formForLink, reader) !== '',
  };
}
