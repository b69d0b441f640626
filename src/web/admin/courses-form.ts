import type { FieldError } from '../../common/domain-error';
import type { CourseDto } from '../../courses/dto/course.dto';
import { type FormBody, textField } from '../forms/form-fields';
import { formatHours } from '../presenters/training-record-view';

/** The course form as it was filled in, to draw it again. */
export interface CourseFormValues {
  title: string;
  description: string;
  durationMinutes: string;
  cpdHours: string;
}

/** What the courses service's create and update take from the form; an empty optional field clears it. */
export interface CourseInput {
  title: string;
  description: string | null;
  durationMinutes: number | null;
  cpdHours: number | null;
}

export interface ReadCourseForm {
  values: CourseFormValues;
  /** Undefined when the form has errors. */
  input?: CourseInput;
  errors: FieldError[];
}

const WHOLE_NUMBER = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;

export function courseFormValues(course: CourseDto): CourseFormValues {
  return {
    title: course.title,
    description: course.description ?? '',
    durationMinutes: course.durationMinutes === null ? '' : String(course.durationMinutes),
    cpdHours: course.cpdHours === null ? '' : formatHours(course.cpdHours),
  };
}

/**
 * The add and change course form, checked as the API's DTO checks it (title up to 200
 * characters, description up to 5,000, 1 to 1,440 minutes, 0 to 100 CPD hours with at most two
 * decimal places), with the NHS error pattern's messages.
 */
export function readCourseForm(body: FormBody | undefined): ReadCourseForm {
  const values: CourseFormValues = {
    title: textField(body, 'title'),
    description: textField(body, 'description').replace(/\r\n?/g, '\n'),
    durationMinutes: textField(body, 'durationMinutes'),
    cpdHours: textField(body, 'cpdHours').replace(/^\./, '0.'),
  };
  const errors: FieldError[] = [];
  if (values.title === '') errors.push({ field: 'title', message: 'Enter the course title' });
  else if (values.title.length > 200) errors.push({ field: 'title', message: 'Course title must be 200 characters or fewer' });
  if (values.description.length > 5000) errors.push({ field: 'description', message: 'Description must be 5,000 characters or fewer' });

  let durationMinutes: number | null = null;
  if (values.durationMinutes !== '') {
    durationMinutes = Number(values.durationMinutes);
    if (!WHOLE_NUMBER.test(values.durationMinutes)) {
      errors.push({ field: 'durationMinutes', message: 'Length must be a whole number of minutes, like 120' });
    } else if (durationMinutes < 1 || durationMinutes > 1440) {
      errors.push({ field: 'durationMinutes', message: 'Length must be between 1 and 1,440 minutes (24 hours)' });
    }
  }

  let cpdHours: number | null = null;
  if (values.cpdHours !== '') {
    cpdHours = Number(values.cpdHours);
    if (!DECIMAL.test(values.cpdHours)) {
      errors.push({ field: 'cpdHours', message: 'CPD hours must be a number, like 2 or 1.5' });
    } else if (cpdHours > 100) {
      errors.push({ field: 'cpdHours', message: 'CPD hours must be 100 or fewer' });
    } else if (Number(cpdHours.toFixed(2)) !== cpdHours) {
      errors.push({ field: 'cpdHours', message: 'CPD hours can have up to 2 decimal places, like 1.25' });
    }
  }

  if (errors.length > 0) return { values, errors };
  return { values, errors, input: { title: values.title, description: values.description || null, durationMinutes, cpdHours } };
}
