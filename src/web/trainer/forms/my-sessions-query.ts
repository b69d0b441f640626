import { isUUID } from 'class-validator';
import type { FieldError } from '../../../common/domain-error';
import { CalendarDay, compareDays, DatePart, DateParts, endOfDay, readDateInput, startOfDay } from '../../forms/date-input';
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

function dateParts(query: FormBody, name: string): DateParts {
  return { day: textField(query, `${name}-day`), month: textField(query, `${name}-month`), year: textField(query, `${name}-year`) };
}

/** Reads the "My sessions" filters: a course and the days (in UK time) the sessions start between. */
export function readMySessionsQuery(query: FormBody): MySessionsQuery {
  const form: MySessionsForm = { course: textField(query, 'course'), from: dateParts(query, 'from'), to: dateParts(query, 'to') };
  const errors: FieldError[] = [];
  const dateErrorParts: MySessionsQuery['dateErrorParts'] = {};
  if (form.course !== '' && !isUUID(form.course)) errors.push({ field: 'course', message: 'Select a course from the list' });
  const days: { from?: CalendarDay; to?: CalendarDay } = {};
  for (const [name, label] of [
    ['from', "The 'from' date"],
    ['to', "The 'to' date"],
  ] as const) {
    const read = readDateInput(form[name], label);
    if (read.error) {
      errors.push({ field: `${name}-${read.error.parts[0]}`, message: read.error.message });
      dateErrorParts[name] = read.error.parts;
    } else {
      days[name] = read.day;
    }
  }
  if (days.from && days.to && compareDays(days.to, days.from) < 0) {
    errors.push({ field: 'to-day', message: "The 'to' date must be the same as or after the 'from' date" });
    dateErrorParts.to = ['day', 'month', 'year'];
  }
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
