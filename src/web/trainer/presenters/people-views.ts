import { type Actor } from '../../../auth/actor';
import type { FieldError } from '../../../common/domain-error';
import { NotFoundError } from '../../../common/domain-error';
import { foldForSearch } from '../../../people/person-search';
import type { FoundPerson, TrainerSessionData } from '../trainer-pages.service';
import { bookingClosedReason } from './session-page-view';
import { sessionFacts, SessionFacts } from './trainer-session';

/** A search of people needs 2 letters or digits (the service's rule), said as the NHS pattern says it. */
export function searchTermError(q: string, field: string): FieldError | undefined {
  if (foldForSearch(q).length < 2) return { field, message: 'Enter at least 2 letters of a name, or a whole e-mail address' };
  if (q.length > 100) return { field, message: 'The search must be 100 characters or fewer' };
  return undefined;
}

export interface FoundPersonRow {
  personId: string;
  name: string;
  team: string;
  organisation: string;
  /** Shown only when the search was the person's whole address. */
  email: string;
  /** Why this person cannot be chosen ("Already booked"), if so. */
  taken?: string;
  idempotencyKey?: string;
}

function foundRow(person: FoundPerson): FoundPersonRow {
  return {
    personId: person.id,
    name: person.name ?? 'Name removed',
    team: person.team ?? '',
    organisation: 'organisation' in person ? person.organisation : '',
    email: person.email ?? '',
  };
}

export interface SearchState {
  q: string;
  found?: FoundPerson[];
  errors?: FieldError[];
  /** Makes one Idempotency-Key per "Book" button. */
  newKey?: () => string;
}

export interface BookPersonView {
  pageTitle: string;
  backLinkHref: string;
  backLinkText: string;
  facts: SessionFacts;
  closedReason?: string;
  places: string;
  q: string;
  errors: FieldError[];
  found?: FoundPersonRow[];
}

export function bookPersonView(data: Required<TrainerSessionData>, state: SearchState): BookPersonView {
  const { session, roster } = data;
  const facts = sessionFacts(session);
  const booked = new Map([...roster.confirmed, ...roster.waitlisted].map((entry) => [entry.personId, entry]));
  return {
    pageTitle: 'Book someone onto the session',
    backLinkHref: facts.href,
    backLinkText: 'Back to the session',
    facts,
    closedReason: bookingClosedReason(data),
    places:
      session.seatsLeft > 0
        ? `${session.seatsLeft} ${session.seatsLeft === 1 ? 'place' : 'places'} left.`
        : session.waitlistEnabled
          ? 'The session is full: anyone you book now joins the waiting list.'
          : 'The session is full.',
    q: state.q,
    errors: state.errors ?? [],
    found: state.found?.map((person) => {
      const entry = booked.get(person.id);
      return {
        ...foundRow(person),
        taken: entry ? (entry.status === 'confirmed' ? 'Already booked' : `On the waiting list (number ${entry.waitlistPosition})`) : undefined,
        idempotencyKey: entry ? undefined : state.newKey?.(),
      };
    }),
  };
}

export interface CancelPlaceView {
  pageTitle: string;
  backLinkHref: string;
  backLinkText: string;
  facts: SessionFacts;
  name: string;
  heading: string;
  consequence: string;
  action: string;
  confirmText: string;
}

/** The confirmation page for one booking of this session; any other booking is the 404 page. */
export function cancelPlaceView(data: Required<TrainerSessionData>, bookingId: string): CancelPlaceView {
  const { session, roster } = data;
  const entry = [...roster.confirmed, ...roster.waitlisted].find((candidate) => candidate.bookingId === bookingId);
  if (!entry) throw new NotFoundError('Booking');
  const name = entry.name ?? 'this person';
  const next = roster.waitlisted[0];
  const waitlisted = entry.status === 'waitlisted';
  const facts = sessionFacts(session);
  return {
    pageTitle: waitlisted ? 'Take them off the waiting list' : 'Cancel their place',
    backLinkHref: facts.href,
    backLinkText: 'Back to the session',
    facts,
    name,
    heading: waitlisted ? `Take ${name} off the waiting list?` : `Cancel ${name}'s place?`,
    consequence: [
      `We will e-mail ${name} to tell them.`,
      !waitlisted && next ? `Their place will go to ${next.name ?? 'the next person'}, first on the waiting list, who will be e-mailed an invitation.` : '',
    ]
      .filter(Boolean)
      .join(' '),
    action: `/trainer/sessions/${session.id}/bookings/${bookingId}/cancel`,
    confirmText: waitlisted ? 'Take them off the waiting list' : 'Cancel their place',
  };
}

export interface TrainersView {
  pageTitle: string;
  backLinkHref: string;
  backLinkText: string;
  facts: SessionFacts;
  trainers: Array<{ id: string; name: string; isYou: boolean }>;
  q: string;
  errors: FieldError[];
  found?: Array<FoundPersonRow & { isTrainer: boolean }>;
  changed: boolean;
}

export function trainersView(actor: Actor, data: Required<TrainerSessionData>, state: SearchState & { changed?: boolean }): TrainersView {
  const { session } = data;
  const facts = sessionFacts(session);
  return {
    pageTitle: 'Trainers',
    backLinkHref: facts.href,
    backLinkText: 'Back to the session',
    facts,
    trainers: session.trainers.map((trainer) => ({ id: trainer.id, name: trainer.name ?? 'A former trainer', isYou: trainer.id === actor.personId })),
    q: state.q,
    errors: state.errors ?? [],
    found: state.found?.map((person) => ({ ...foundRow(person), isTrainer: session.trainerIds.includes(person.id) })),
    changed: state.changed ?? false,
  };
}
