import { isUUID } from 'class-validator';
import type { FieldError } from '../../../common/domain-error';
import { dateInputParts, DatePart, DateParts, endOfDay, readDayRange, startOfDay } from '../../forms/date-input';
import { FormBody, textField } from '../../forms/form-fields';
import type { TrainerSessionsQuery } from '../../../sessions/dto/trainer-sessions.dto';

/** The filters' days are the service's days: sessions are held in Ayrshire. */
const FILTER_ZONE = 'Europe/London';

export interface MySessionsForm {
  course: string;
  from: DateParts;
  to: DateParts;
}

export interface MySessionsQuery {
  form: MySessionsForm;
  /** Undefined when `errors` lists something to correct. */
  filters?: TrainerSessionsQuery;
  errors: FieldError[];
  dateErrorParts: { from?: DatePart[]; to?: DatePart[] };
}

/** Reads the "My sessions" filters: a course and the days (in UK time) the sessions start between. */
export function readMySessionsQuery(query: FormBody): MySessionsQuery {
  const form: MySessionsForm = { course: textField(query, 'course'), from: dateInputParts(query, 'from'), to: dateInputParts(query, 'to') };
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
    },
  };
}

/** Whether any filter is in use. */
export function isFiltered(form: MySessionsForm): boolean {
  return form.course !== '' || [form.from, form.to].some((date) => date.day !== '' || date.month !== '' || date.year !== '');
}
