import { bookingRefusal } from '../../../bookings/booking-rules';
import type { RosterEntryDto, SessionRosterDto } from '../../../bookings/dto/session-roster.dto';
import { bookingStateOf } from '../../presenters/session-summary';
import { zonedMoment } from '../../presenters/session-times';
import type { TrainerSessionData } from '../trainer-pages.service';
import { people, SessionFacts, sessionFacts, SessionPhase, sessionPhase, shortDay } from './trainer-session';

export interface Banner {
  title: string;
  text?: string;
}

export interface RosterRow {
  bookingId: string;
  name: string;
  team: string;
  organisation: string;
  /** "4 Jan 2027": when they got their place or joined the waiting list. */
  since: string;
  position: number | null;
  cancelHref?: string;
}

export interface TrainerSessionView {
  pageTitle: string;
  facts: SessionFacts;
  phase: SessionPhase;
  mayManage: boolean;
  banner?: Banner;
  /** Why no one can be booked now; undefined when booking is open. */
  bookingClosedReason?: string;
  roster?: { confirmed: RosterRow[]; waitlisted: RosterRow[] };
}

/** What the session page's address says has just happened. */
export interface SessionOutcome {
  created?: boolean;
  updated?: 'invited' | 'yes';
  cancelledCount?: number;
  bookedId?: string;
  placeCancelled?: boolean;
  trainersChanged?: boolean;
}

export function readSessionOutcome(query: Record<string, unknown>): SessionOutcome {
  const text = (name: string) => (typeof query[name] === 'string' ? query[name] : undefined);
  const cancelled = text('cancelled');
  return {
    created: text('created') === 'yes',
    updated: text('updated') === 'invited' ? 'invited' : text('updated') === 'yes' ? 'yes' : undefined,
    cancelledCount: cancelled !== undefined && /^\d{1,4}$/.test(cancelled) ? Number(cancelled) : undefined,
    bookedId: text('booked'),
    placeCancelled: text('place-cancelled') === 'yes',
    trainersChanged: text('trainers') === 'changed',
  };
}

function bookedBanner(roster: SessionRosterDto | undefined, bookingId: string): Banner | undefined {
  const entry = [...(roster?.confirmed ?? []), ...(roster?.waitlisted ?? [])].find((candidate) => candidate.bookingId === bookingId);
  if (!entry) return undefined;
  const name = entry.name ?? 'The person';
  return entry.status === 'confirmed'
    ? { title: `${name} is booked onto this session`, text: 'We have e-mailed them a confirmation with a calendar invitation.' }
    : { title: `${name} is number ${entry.waitlistPosition} on the waiting list`, text: 'The session is full. We have e-mailed them, and will again if a place becomes theirs.' };
}

function banner(outcome: SessionOutcome, data: TrainerSessionData): Banner | undefined {
  const { session } = data;
  if (outcome.created) return { title: 'Session created', text: 'People can now find it under Find training and book a place.' };
  if (outcome.updated === 'invited') {
    return { title: 'Session updated', text: `We have e-mailed an updated calendar invitation to the ${people(session.confirmedCount)} booked.` };
  }
  if (outcome.updated) return { title: 'Session updated' };
  if (outcome.cancelledCount !== undefined) {
    return {
      title: 'Session cancelled',
      text: outcome.cancelledCount === 0 ? 'Nobody was booked.' : `We have e-mailed the ${people(outcome.cancelledCount)} who were booked or waiting to tell them.`,
    };
  }
  if (outcome.bookedId) return bookedBanner(data.roster, outcome.bookedId);
  if (outcome.placeCancelled) {
    return {
      title: 'Place cancelled',
      text: 'We have e-mailed the person to tell them. If anyone was waiting, the first on the waiting list now has the place and has been told.',
    };
  }
  if (outcome.trainersChanged) return { title: 'Trainers changed' };
  return undefined;
}

function rosterRow(entry: RosterEntryDto, sessionId: string, timezone: string, mayCancel: boolean): RosterRow {
  return {
    bookingId: entry.bookingId,
    name: entry.name ?? 'Name removed',
    team: entry.team ?? '',
    organisation: entry.organisation,
    since: shortDay(entry.since, timezone),
    position: entry.waitlistPosition,
    cancelHref: mayCancel ? `/trainer/sessions/${sessionId}/bookings/${entry.bookingId}/cancel` : undefined,
  };
}

export function bookingClosedReason(data: Pick<TrainerSessionData, 'session' | 'now'>): string | undefined {
  const { session, now } = data;
  switch (bookingRefusal(bookingStateOf(session), now)) {
    case 'session-cancelled':
      return 'The session is cancelled.';
    case 'session-started':
      return 'The session has started, so no one can be booked onto it. Add anyone who comes without a booking on the register.';
    case 'booking-closed':
      return `Booking closed at ${zonedMoment(session.bookingClosesAt!, session.timezone)}. To book someone now, change when booking closes.`;
    case 'booking-not-open':
      return `Booking opens at ${zonedMoment(session.bookingOpensAt!, session.timezone)}. To book someone now, change when booking opens.`;
    case null:
      break;
  }
  if (session.seatsLeft === 0 && !session.waitlistEnabled) return 'The session is full and has no waiting list.';
  return undefined;
}

export function trainerSessionView(data: TrainerSessionData, outcome: SessionOutcome = {}): TrainerSessionView {
  const { session, now, roster } = data;
  const phase = sessionPhase(session, now);
  const mayCancel = data.mayManage && phase === 'upcoming';
  return {
    pageTitle: session.course.title,
    facts: sessionFacts(session),
    phase,
    mayManage: data.mayManage,
    banner: banner(outcome, data),
    bookingClosedReason: bookingClosedReason(data),
    roster: roster && {
      confirmed: roster.confirmed.map((entry) => rosterRow(entry, session.id, session.timezone, mayCancel)),
      waitlisted: roster.waitlisted.map((entry) => rosterRow(entry, session.id, session.timezone, mayCancel)),
    },
  };
}
