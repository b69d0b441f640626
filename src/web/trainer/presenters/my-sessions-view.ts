import type { FieldError } from '../../../common/domain-error';
import type { Page } from '../../../common/pagination.dto';
import type { TrainerSessionDto } from '../../../sessions/dto/trainer-sessions.dto';
import { isFiltered, MySessionsQuery } from '../forms/my-sessions-query';
import type { MySessionsData } from '../trainer-pages.service';
import { courseItems, DateItem, dateError, dateItems, SelectItem } from './form-items';
import { presentTrainerSession, TrainerSessionCard } from './trainer-session';

export interface SessionList {
  sessions: TrainerSessionCard[];
  total: number;
  /** "Showing the first 200 of 230": set when the list is cut short. */
  shortened?: string;
}

export interface MySessionsView {
  pageTitle: string;
  heading: string;
  errors: FieldError[];
  courseItems: SelectItem[];
  fromItems: DateItem[];
  toItems: DateItem[];
  fromError?: { text: string };
  toError?: { text: string };
  filtered: boolean;
  /** Absent when the filters had errors. */
  lists?: { upcoming: SessionList; registersToComplete: SessionList; earlier: SessionList };
}

function list(page: Page<TrainerSessionDto>, now: Date, cut: (shown: number, total: number) => string): SessionList {
  return {
    sessions: page.items.map((session) => presentTrainerSession(session, now)),
    total: page.total,
    shortened: page.total > page.items.length ? cut(page.items.length, page.total) : undefined,
  };
}

/** The trainer's home: what is coming, registers to finish, and the latest finished sessions. */
export function mySessionsView(query: MySessionsQuery, data: MySessionsData, admin: boolean): MySessionsView {
  const { form } = query;
  const heading = admin ? 'Sessions' : 'My sessions';
  const view: MySessionsView = {
    pageTitle: heading,
    heading,
    errors: query.errors,
    courseItems: courseItems(data.courses, form.course, 'All courses'),
    fromItems: dateItems('from', form.from, query.dateErrorParts.from),
    toItems: dateItems('to', form.to, query.dateErrorParts.to),
    fromError: dateError(query.errors, 'from'),
    toError: dateError(query.errors, 'to'),
    filtered: isFiltered(form),
  };
  if (!data.sessions) return view;
  const { now } = data;
  view.lists = {
    upcoming: list(data.sessions.upcoming, now, (shown, total) => `Showing the first ${shown} of ${total}. Choose dates to see the others.`),
    registersToComplete: list(data.sessions.registersToComplete, now, (shown, total) => `Showing the latest ${shown} of ${total}.`),
    earlier: list(data.sessions.earlier, now, (shown, total) => `Showing the latest ${shown} of ${total}. Choose dates to find older sessions.`),
  };
  return view;
}
