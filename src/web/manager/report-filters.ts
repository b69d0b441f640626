import { isUUID } from 'class-validator';
import type { FieldError } from '../../common/domain-error';
import type { GroupBy } from '../../reports/report-definitions';
import { CalendarDay, dateInputParts, DatePart, DateParts, readDayRange } from '../forms/date-input';
import { FormBody, textField } from '../forms/form-fields';

/** The report filters as the person typed them, to put back into the form and into links. */
export interface ReportFiltersForm {
  group: GroupBy;
  /** Admins only: one organisation's id, or '' for all. */
  organisation: string;
  course: string;
  from: DateParts;
  to: DateParts;
}

/** What to ask the report services for: their query's own fields, dates as London days. */
export interface ReportFilters {
  groupBy: GroupBy;
  organisationId?: string;
  courseId?: string;
  /** 'YYYY-MM-DD': the report services read a plain date as a whole London day. */
  from?: string;
  to?: string;
}

export interface ReportFiltersQuery {
  form: ReportFiltersForm;
  /** Undefined when `errors` lists something to correct. */
  filters?: ReportFilters;
  errors: FieldError[];
  /** The boxes of each date to mark as wrong. */
  dateErrorParts: { from?: DatePart[]; to?: DatePart[] };
}

/** Who reads the report: a manager sees their own organisation by team; an admin every organisation, or one. */
export interface ReportReader {
  admin: boolean;
}

/** Groupings each reader may choose, the default first. */
export function groupingsFor(reader: ReportReader): GroupBy[] {
  return reader.admin ? ['organisation', 'team', 'course', 'month'] : ['team', 'course', 'month'];
}

function isoDay(day: CalendarDay): string {
  return `${String(day.year).padStart(4, '0')}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
}

/**
 * Reads the report filters from a query string. Dates use the NHS.UK date pattern's messages; a
 * grouping the reader may not choose (or a mangled one) is their default grouping, and a
 * manager's organisation is always their own, whatever the address says.
 */
export function readReportFilters(query: FormBody, reader: ReportReader): ReportFiltersQuery {
  const groupings = groupingsFor(reader);
  const group = textField(query, 'group');
  const form: ReportFiltersForm = {
    group: groupings.find((grouping) => grouping === group) ?? groupings[0],
    organisation: reader.admin ? textField(query, 'organisation') : '',
    course: textField(query, 'course'),
    from: dateInputParts(query, 'from'),
    to: dateInputParts(query, 'to'),
  };
  const errors: FieldError[] = [];
  if (form.organisation !== '' && !isUUID(form.organisation)) errors.push({ field: 'organisation', message: 'Select an organisation from the list' });
  if (form.course !== '' && !isUUID(form.course)) errors.push({ field: 'course', message: 'Select a course from the list' });
  const days = readDayRange(form.from, form.to);
  errors.push(...days.errors);
  const dateErrorParts = days.errorParts;
  if (errors.length > 0) return { form, errors, dateErrorParts };
  return {
    form,
    errors,
    dateErrorParts,
    filters: {
      groupBy: form.group,
      organisationId: form.organisation || undefined,
      courseId: form.course || undefined,
      from: days.from && isoDay(days.from),
      to: days.to && isoDay(days.to),
    },
  };
}

/**
 * The query string of the filters in use (none: ''), for links that keep them: the CSV
 * download, the other report, pages of a list. The reader's default grouping is left out.
 */
export function reportFiltersQueryString(form: ReportFiltersForm, reader: ReportReader, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  if (form.group !== groupingsFor(reader)[0]) query.set('group', form.group);
  if (form.organisation) query.set('organisation', form.organisation);
  if (form.course) query.set('course', form.course);
  for (const name of ['from', 'to'] as const) {
    for (const part of ['day', 'month', 'year'] as const) {
      if (form[name][part]) query.set(`${name}-${part}`, form[name][part]);
    }
  }
  for (const [name, value] of Object.entries(extra)) query.set(name, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}
