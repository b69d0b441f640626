import type { FieldError } from '../../../common/domain-error';
import type { DatePart, DateParts } from '../../forms/date-input';

export interface DateItem {
  id: string;
  name: string;
  label: string;
  value: string;
  width: number;
  classes?: string;
}

/** The items of nhsuk-frontend's date input, with the wrong boxes marked. */
export function dateItems(name: string, parts: DateParts, wrong: DatePart[] = []): DateItem[] {
  return (['day', 'month', 'year'] as const).map((part) => ({
    id: `${name}-${part}`,
    name: `${name}-${part}`,
    label: part === 'day' ? 'Day' : part === 'month' ? 'Month' : 'Year',
    value: parts[part],
    width: part === 'year' ? 4 : 2,
    classes: wrong.includes(part) ? 'nhsuk-input--error' : undefined,
  }));
}

/** The message beside a date input: the first error of any of its boxes. */
export function dateError(errors: FieldError[], name: string): { text: string } | undefined {
  const error = errors.find((candidate) => candidate.field.startsWith(`${name}-`) && /-(day|month|year)$/.test(candidate.field));
  return error && { text: error.message };
}

export interface SelectItem {
  value: string;
  text: string;
  selected: boolean;
}

export function courseItems(courses: Array<{ id: string; title: string }>, chosen: string, emptyText: string): SelectItem[] {
  return [{ value: '', text: emptyText, selected: chosen === '' }, ...courses.map((course) => ({ value: course.id, text: course.title, selected: course.id === chosen }))];
}
