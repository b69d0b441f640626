import { isUUID } from 'class-validator';
import type { FieldError } from '../../common/domain-error';
import { dateInputParts, DatePart, DateParts, endOfDay, readDayRange, startOfDay } from './date-input';
import { FormBody, textField } from './form-fields';

export const FIND_TRAINING_PAGE_SIZE = 20;
/** The filter's days are the service's days: sessions are held in Ayrshire. */
export const FILTER_ZONE = 'Europe/London';
/** Far enough for any real list; keeps the offset within what the service accepts. */
const LAST_PAGE = 100_000;

/** The "Find training" filters as the person typed them, to put back into the form and the links. */
export interface FindTrainingForm {
  course: string;
  from: DateParts;
  to: DateParts;
  placesLeft: boolean;
}

/** The filters read: what to ask the sessions service for. */
export interface FindTrainingFilters {
  courseId?: string;
  /** Start of the "from" day. */
  from?: Date;
  /** Last instant of the "to" day. */
  to?: Date;
  placesLeft: boolean;
  page: number;
}

export interface FindTrainingQuery {
  form: FindTrainingForm;
  /** Undefined when `errors` lists something to correct. */
  filters?: FindTrainingFilters;
  errors: FieldError[];
  /** The boxes of each date to mark as wrong. */
  dateErrorParts: { from?: DatePart[]; to?: DatePart[] };
}

/** Reads the "Find training" query string; wrong dates are errors to show, a wrong page number is page 1. */
export function readFindTrainingQuery(query: FormBody): FindTrainingQuery {
  const form: FindTrainingForm = {
    course: textField(query, 'course'),
    from: dateInputParts(query, 'from'),
    to: dateInputParts(query, 'to'),
    placesLeft: textField(query, 'places') === 'left',
  };
  const pageText = textField(query, 'page');
  const page = /^\d{1,6}$/.test(pageText) ? Math.min(Math.max(Number(pageText), 1), LAST_PAGE) : 1;

  const errors: FieldError[] = [];
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
      courseId: form.course || undefined,
      from: days.from && startOfDay(days.from, FILTER_ZONE),
      to: days.to && endOfDay(days.to, FILTER_ZONE),
      placesLeft: form.placesLeft,
      page,
    },
  };
}

/** The address of a page of results with the same filters, naming only the filters in use. */
export function findTrainingHref(form: FindTrainingForm, page: number): string {
  const query = new URLSearchParams();
  if (form.course) query.set('course', form.course);
  for (const name of ['from', 'to'] as const) {
    for (const part of ['day', 'month', 'year'] as const) {
      if (form[name][part]) query.set(`${name}-${part}`, form[name][part]);
    }
  }
  if (form.placesLeft) query.set('places', 'left');
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/sessions?${text}` : '/sessions';
}
