import type { FieldError } from '../../../common/domain-error';
import type { CourseDto } from '../../../courses/dto/course.dto';
import type { SessionDto } from '../../../sessions/dto/session.dto';
import type { DatePart } from '../../forms/date-input';
import { zoneLabel } from '../forms/local-time';
import type { SessionFormValues } from '../forms/session-form';
import { courseItems, DateItem, dateError, dateItems, SelectItem } from './form-items';
import { people, sessionFacts, SessionFacts } from './trainer-session';

export interface SessionFormView {
  pageTitle: string;
  heading: string;
  action: string;
  submitText: string;
  backLinkHref: string;
  backLinkText: string;
  errors: FieldError[];
  values: SessionFormValues;
  /** The course select (a new session); undefined when editing. */
  courseItems?: SelectItem[];
  /** The course named when editing. */
  courseTitle?: string;
  dateItems: DateItem[];
  dateError?: { text: string };
  opensItems: DateItem[];
  opensError?: { text: string };
  closesItems: DateItem[];
  closesError?: { text: string };
  /** "UK time (Europe/London)": the clock the times are typed on. */
  zone: string;
  timeHint: string;
  /** Said before saving when people have booked. */
  bookedWarning?: string;
  /** The session being edited. */
  facts?: SessionFacts;
  /** Who trains a new session, and how to add others. */
  trainerNote?: string;
}

const NO_DATE = { day: '', month: '', year: '' };

export const EMPTY_SESSION_FORM: SessionFormValues = {
  course: '',
  date: NO_DATE,
  start: '',
  end: '',
  location: '',
  onlineUrl: '',
  capacity: '',
  opensDate: NO_DATE,
  opensTime: '',
  closesDate: NO_DATE,
  closesTime: '',
  waitlist: 'yes',
};

interface FormState {
  values: SessionFormValues;
  errors?: FieldError[];
  dateErrorParts?: { date?: DatePart[]; opensDate?: DatePart[]; closesDate?: DatePart[] };
}

function zoneName(timezone: string): string {
  return timezone === 'Europe/London' ? 'UK time (GMT in winter, BST in summer)' : zoneLabel(timezone);
}

function common(state: FormState, timezone: string) {
  const errors = state.errors ?? [];
  return {
    errors,
    values: state.values,
    dateItems: dateItems('date', state.values.date, state.dateErrorParts?.date),
    dateError: dateError(errors, 'date'),
    opensItems: dateItems('opens', state.values.opensDate, state.dateErrorParts?.opensDate),
    opensError: dateError(errors, 'opens'),
    closesItems: dateItems('closes', state.values.closesDate, state.dateErrorParts?.closesDate),
    closesError: dateError(errors, 'closes'),
    zone: zoneName(timezone),
    timeHint: `In ${zoneName(timezone)}, on the 24-hour clock, for example 09:30 or 14:00`,
  };
}

export function newSessionFormView(courses: CourseDto[], timezone: string, state: FormState, isTrainer: boolean): SessionFormView {
  return {
    trainerNote: isTrainer
      ? 'You will be the trainer. You can add other trainers once the session is created.'
      : 'You can add its trainers once the session is created.',
    pageTitle: 'Create a session',
    heading: 'Create a session',
    action: '/trainer/sessions/new',
    submitText: 'Create session',
    backLinkHref: '/trainer/sessions',
    backLinkText: 'My sessions',
    courseItems: courseItems(courses, state.values.course, 'Choose a course'),
    ...common(state, timezone),
  };
}

export function editSessionFormView(session: SessionDto, state: FormState): SessionFormView {
  const booked = session.confirmedCount;
  return {
    pageTitle: 'Change the session',
    heading: 'Change the session',
    action: `/trainer/sessions/${session.id}/edit`,
    submitText: 'Save changes',
    backLinkHref: `/trainer/sessions/${session.id}`,
    backLinkText: 'Back to the session',
    courseTitle: session.course.title,
    facts: sessionFacts(session),
    bookedWarning:
      booked > 0
        ? `${people(booked)} ${booked === 1 ? 'has' : 'have'} a place. If you change the date, time or place, we will e-mail ${booked === 1 ? 'them' : 'each of them'} an updated calendar invitation when you save.`
        : undefined,
    ...common(state, session.timezone),
  };
}
