import { bookingRefusal, SessionState } from '../../bookings/booking-rules';
import type { SessionDto } from '../../sessions/dto/session.dto';
import { sessionTimes, zonedMoment } from './session-times';

/** A session as the lists and pages show it. */
export interface SessionSummary {
  id: string;
  href: string;
  courseTitle: string;
  /** "Tuesday 12 January 2027" */
  date: string;
  /** "10:00 to 12:00 GMT" */
  time: string;
  startsAtIso: string;
  /** The room, "Online", or both. */
  place: string;
  /** "Ann Smith and Rob Brown"; empty when no trainer is named yet. */
  trainers: string;
  /** "3 places left", "Full – you can join the waiting list", "Cancelled", "Booking opens 09:00 GMT on …", … */
  availability: string;
  /** How the availability is shown: a tag colour for what stands out. */
  availabilityTag?: 'red' | 'orange' | 'grey';
}

/** "A", "A and B", "A, B and C". */
export function namesList(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function placesLeft(seats: number): string {
  return `${seats} ${seats === 1 ? 'place' : 'places'} left`;
}

/** A location such as "Online (Microsoft Teams)" already says the session is online. */
export function locationSaysOnline(location: string | null): boolean {
  return location !== null && /\bonline\b/i.test(location);
}

/** Where the session is held, as the list shows it (the joining link itself is not shown here). */
export function sessionPlace(session: Pick<SessionDto, 'location' | 'onlineUrl'>): string {
  if (session.location && session.onlineUrl && !locationSaysOnline(session.location)) return `${session.location}, or online`;
  return session.location ?? (session.onlineUrl ? 'Online' : 'Place to be confirmed');
}

/** The session's state as the booking rules see it, from its answer. */
export function bookingStateOf(session: SessionDto): SessionState {
  return {
    status: session.status,
    startsAt: new Date(session.startsAt),
    bookingOpensAt: session.bookingOpensAt ? new Date(session.bookingOpensAt) : null,
    bookingClosesAt: session.bookingClosesAt ? new Date(session.bookingClosesAt) : null,
    capacity: session.capacity,
    confirmedCount: session.confirmedCount,
    waitlistEnabled: session.waitlistEnabled,
  };
}

function availability(session: SessionDto, now: Date): Pick<SessionSummary, 'availability' | 'availabilityTag'> {
  switch (bookingRefusal(bookingStateOf(session), now)) {
    case 'session-cancelled':
      return { availability: 'Cancelled', availabilityTag: 'red' };
    case 'session-started':
      return { availability: 'Started', availabilityTag: 'grey' };
    case 'booking-closed':
      return { availability: 'Booking closed', availabilityTag: 'grey' };
    case 'booking-not-open':
      return { availability: `Booking opens ${zonedMoment(session.bookingOpensAt!, session.timezone)}` };
    case null:
      break;
  }
  if (session.seatsLeft > 0) return { availability: placesLeft(session.seatsLeft) };
  if (session.waitlistEnabled) return { availability: 'Full – you can join the waiting list', availabilityTag: 'orange' };
  return { availability: 'Full', availabilityTag: 'grey' };
}

export function presentSession(session: SessionDto, now: Date): SessionSummary {
  const times = sessionTimes(session.startsAt, session.endsAt, session.timezone);
  return {
    id: session.id,
    href: `/sessions/${session.id}`,
    courseTitle: session.course.title,
    date: times.date,
    time: times.time,
    startsAtIso: times.startsAtIso,
    place: sessionPlace(session),
    trainers: namesList(session.trainers.flatMap((trainer) => (trainer.name ? [trainer.name] : []))),
    ...availability(session, now),
  };
}
