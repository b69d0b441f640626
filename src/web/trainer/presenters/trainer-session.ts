import { DateTime } from 'luxon';
import type { SessionDto } from '../../../sessions/dto/session.dto';
import type { TrainerSessionDto } from '../../../sessions/dto/trainer-sessions.dto';
import { namesList, sessionPlace } from '../../presenters/session-summary';
import { sessionTimes, zonedMoment } from '../../presenters/session-times';

export type TagColour = 'red' | 'orange' | 'grey' | 'green' | 'blue' | 'yellow';

export interface Tag {
  text: string;
  colour: TagColour;
}

/** A session in a trainer's lists. */
export interface TrainerSessionCard {
  href: string;
  courseTitle: string;
  date: string;
  time: string;
  startsAtIso: string;
  place: string;
  /** "9 of 12 places booked" */
  booked: string;
  /** "2 on the waiting list"; empty when nobody waits. */
  waiting: string;
  tags: Tag[];
  /** Set when the register can be taken or needs finishing. */
  register?: { href: string; text: string };
}

export function placesBooked(session: Pick<SessionDto, 'confirmedCount' | 'capacity'>): string {
  return `${session.confirmedCount} of ${session.capacity} ${session.capacity === 1 ? 'place' : 'places'} booked`;
}

export function waitingText(count: number): string {
  return count === 0 ? '' : `${count} on the waiting list`;
}

export function people(count: number): string {
  return `${count} ${count === 1 ? 'person' : 'people'}`;
}

/** Where the session stands in time. */
export type SessionPhase = 'cancelled' | 'upcoming' | 'under-way' | 'ended';

export function sessionPhase(session: Pick<SessionDto, 'status' | 'startsAt' | 'endsAt'>, now: Date): SessionPhase {
  if (session.status === 'cancelled') return 'cancelled';
  if (now.getTime() < new Date(session.startsAt).getTime()) return 'upcoming';
  return now.getTime() < new Date(session.endsAt).getTime() ? 'under-way' : 'ended';
}

/** Whether the session starts on the same day as `now`, on a clock in its zone. */
function isToday(session: Pick<SessionDto, 'startsAt' | 'timezone'>, now: Date): boolean {
  return sessionTimes(session.startsAt, session.startsAt, session.timezone).date === sessionTimes(now, now, session.timezone).date;
}

export function presentTrainerSession(session: TrainerSessionDto, now: Date): TrainerSessionCard {
  const times = sessionTimes(session.startsAt, session.endsAt, session.timezone);
  const phase = sessionPhase(session, now);
  const tags: Tag[] = [];
  let register: TrainerSessionCard['register'];
  const registerHref = `/trainer/sessions/${session.id}/register`;
  if (phase === 'cancelled') tags.push({ text: 'Cancelled', colour: 'red' });
  else if (phase === 'under-way') {
    tags.push({ text: 'Under way', colour: 'blue' });
    register = { href: registerHref, text: 'Take the register' };
  } else if (phase === 'upcoming' && isToday(session, now)) tags.push({ text: 'Today', colour: 'blue' });
  if (phase === 'ended' && session.unmarkedCount > 0) {
    tags.push({ text: 'Register not complete', colour: 'orange' });
    register = { href: registerHref, text: `Complete the register (${people(session.unmarkedCount)} not marked)` };
  } else if (phase === 'ended') {
    register = { href: registerHref, text: 'View the register' };
  }
  return {
    href: `/trainer/sessions/${session.id}`,
    courseTitle: session.course.title,
    date: times.date,
    time: times.time,
    startsAtIso: times.startsAtIso,
    place: sessionPlace(session),
    booked: placesBooked(session),
    waiting: waitingText(session.waitlistCount),
    tags,
    register,
  };
}

/** The facts a trainer's session pages show about the session. */
export interface SessionFacts {
  id: string;
  href: string;
  courseTitle: string;
  date: string;
  time: string;
  startsAtIso: string;
  location: string | null;
  onlineUrl: string | null;
  place: string;
  trainers: string;
  booked: string;
  waiting: string;
  /** "09:00 GMT on Monday 4 January 2027", or as soon as the session is added. */
  bookingOpens: string;
  /** "18:00 GMT on Monday 11 January 2027", or when the session starts. */
  bookingCloses: string;
  waitlist: string;
  cancelled: boolean;
}

export function sessionFacts(session: SessionDto): SessionFacts {
  const times = sessionTimes(session.startsAt, session.endsAt, session.timezone);
  return {
    id: session.id,
    href: `/trainer/sessions/${session.id}`,
    courseTitle: session.course.title,
    date: times.date,
    time: times.time,
    startsAtIso: times.startsAtIso,
    location: session.location,
    onlineUrl: session.onlineUrl,
    place: sessionPlace(session),
    trainers: namesList(session.trainers.map((trainer) => trainer.name ?? 'A former trainer')),
    booked: placesBooked(session),
    waiting: waitingText(session.waitlistCount),
    bookingOpens: session.bookingOpensAt ? zonedMoment(session.bookingOpensAt, session.timezone) : 'As soon as the session is added',
    bookingCloses: session.bookingClosesAt ? zonedMoment(session.bookingClosesAt, session.timezone) : 'When the session starts',
    waitlist: session.waitlistEnabled ? 'Yes, when the session is full' : 'No',
    cancelled: session.status === 'cancelled',
  };
}

/** "9 Nov 2026": a day in the zone, short, for tables. */
export function shortDay(instant: Date | string, timezone: string): string {
  return DateTime.fromJSDate(new Date(instant), { zone: timezone }).setLocale('en-GB').toFormat('d LLL yyyy');
}

/** "9 Nov 2026, 14:05 GMT": a moment in the zone, short, for tables. */
export function shortMoment(instant: Date | string, timezone: string): string {
  const local = DateTime.fromJSDate(new Date(instant), { zone: timezone }).setLocale('en-GB');
  return `${local.toFormat('d LLL yyyy, HH:mm')} ${local.offsetNameShort ?? ''}`.trim();
}
