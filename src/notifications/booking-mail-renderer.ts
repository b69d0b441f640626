import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Booking } from '../bookings/booking.entity';
import { Clock } from '../common/clock';
import { Environment } from '../config/environment';
import type { Course } from '../courses/course.entity';
import { Person } from '../people/person.entity';
import { TrainingSession } from '../sessions/training-session.entity';
import { sessionFacts } from './booking-mailer.service';
import type { Canceller } from './canceller';
import { buildInvitation, calendarIdentity, CalendarSession, InvitationMethod } from './invitation-builder';
import type { RenderedMail } from './mail-document';
import {
  bookingCancelledMail,
  bookingConfirmedMail,
  promotedMail,
  sessionCancelledMail,
  sessionChangedMail,
  SessionFacts,
  waitlistedMail,
} from './mail-templates';
import { OutboxMessage, RenderedOutboxMessage } from './outbox-message.entity';

/**
 * The `facts` column of a booking event's outbox row, per kind: what only the moment of the
 * event knows. Everything else (names, the session's time and place, the course) is read when
 * the message is sent. 'booking-confirmed' and 'booking-promoted' have none (null).
 */
export interface WaitlistedFacts {
  waitlistPosition: number;
}
export interface BookingCancelledFacts {
  cancelledBy: { role: 'self' | 'trainer' | 'manager' | 'admin' };
  wasWaitlisted: boolean;
  invited: boolean;
}
export interface SessionChangedFacts {
  invited: boolean;
}
export interface SessionCancelledFacts {
  cancelledBy: { role: 'trainer' | 'admin' };
  invited: boolean;
}

/** What a booking event's mail is rendered from: the rows as they stand when it is sent. */
export interface BookingMailSources {
  booking: Booking;
  person: Person;
  session: TrainingSession;
  course: Course;
  trainers: Person[];
  /** The name of the person who caused the event (causedById); null when unknown or erased. */
  causerName: string | null;
}

/** Either the message ready to send, or why it must not be sent at all. */
export type RenderOutcome = { message: RenderedOutboxMessage } | { unsendable: string };

/** A row the dispatcher renders: a booking event written as facts, not yet rendered. */
export function needsRendering(message: OutboxMessage): boolean {
  return message.bookingId !== null && message.textBody === null;
}

/**
 * Renders one booking event's outbox row into exactly what the booking mailer wrote when it
 * rendered in the booking's transaction: the same templates, and the same invitation (UID,
 * ORGANIZER, PRODID, zones) with the SEQUENCE taken at the event and DTSTAMP `now`.
 */
export function renderBookingMail(
  message: OutboxMessage,
  sources: BookingMailSources,
  site: { publicUrl: string; mailFrom: string },
  now: Date,
): RenderedOutboxMessage {
  const { session, course, trainers, person } = sources;
  const facts = sessionFacts(sources, site.publicUrl);
  const { mail, sessionStatus } = renderKind(message, facts, sources);
  let calendarContent: string | null = null;
  const method = message.calendarMethod as InvitationMethod | null;
  if (method) {
    if (message.invitationSequence === null) throw new Error(`${message.kind} ${message.id} has a calendar method but no invitation sequence`);
    const calendarSession: CalendarSession = { ...session, status: sessionStatus };
    calendarContent = buildInvitation({
      method,
      session: calendarSession,
      course,
      trainers,
      // The address the message goes to is the one written at the event.
      person: { id: person.id, name: person.name, email: message.recipient },
      sequence: message.invitationSequence,
      ...calendarIdentity(site.publicUrl, site.mailFrom, now),
    });
  }
  return Object.assign(message, { subject: mail.subject, textBody: mail.text, htmlBody: mail.html, calendarContent });
}

/**
 * The mail of one kind, and the session's status as the event saw it: a booking cancellation
 * withdraws a place in a session that goes ahead, a session cancellation the session itself,
 * whatever happened to the session since.
 */
function renderKind(message: OutboxMessage, facts: SessionFacts, sources: BookingMailSources): { mail: RenderedMail; sessionStatus: CalendarSession['status'] } {
  const scheduled = sources.session.status;
  switch (message.kind) {
    case 'booking-confirmed':
      return { mail: bookingConfirmedMail(facts), sessionStatus: scheduled };
    case 'booking-promoted':
      return { mail: promotedMail(facts), sessionStatus: scheduled };
    case 'booking-waitlisted': {
      const event = factsOf<WaitlistedFacts>(message);
      return { mail: waitlistedMail(facts, event.waitlistPosition), sessionStatus: scheduled };
    }
    case 'booking-cancelled': {
      const event = factsOf<BookingCancelledFacts>(message);
      const cancelledBy = canceller(event.cancelledBy.role, sources.causerName);
      return { mail: bookingCancelledMail(facts, { cancelledBy, waitlisted: event.wasWaitlisted, invited: event.invited }), sessionStatus: 'scheduled' };
    }
    case 'session-changed':
      return { mail: sessionChangedMail(facts, factsOf<SessionChangedFacts>(message).invited), sessionStatus: scheduled };
    case 'session-cancelled': {
      const event = factsOf<SessionCancelledFacts>(message);
      const cancelledBy = canceller(event.cancelledBy.role, sources.causerName);
      return { mail: sessionCancelledMail(facts, { cancelledBy, invited: event.invited, reason: sources.session.cancellationReason }), sessionStatus: 'cancelled' };
    }
    default:
      throw new Error(`no template for booking mail of kind ${message.kind}`);
  }
}

function factsOf<T>(message: OutboxMessage): T {
  if (message.facts === null) throw new Error(`${message.kind} ${message.id} has no facts`);
  return JSON.parse(message.facts) as T;
}

function canceller(role: Canceller['role'], name: string | null): Canceller {
  return role === 'self' ? { role } : { role, name };
}

/**
 * The rows a batch of booking events is rendered from, read in three statements whatever the
 * batch's size: the bookings with their people, the sessions with course and trainers (as the
 * booking path loaded them), and the names of the people who caused the events.
 */
export class BookingMailBatch {
  constructor(
    private readonly bookings: Map<string, Booking & { person?: Person }>,
    private readonly sessions: Map<string, TrainingSession>,
    private readonly causerNames: Map<string, string | null>,
    private readonly site: { publicUrl: string; mailFrom: string },
    private readonly clock: Clock,
  ) {}

  /** Renders `message` in place, or says why it cannot go: its booking or person is gone, or the person was erased. */
  render(message: OutboxMessage): RenderOutcome {
    const sources = this.sourcesOf(message);
    if ('unsendable' in sources) return sources;
    try {
      return { message: renderBookingMail(message, sources, this.site, this.clock.now()) };
    } catch (error) {
      return { unsendable: `not sent: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /** The subject `message` would be sent with (for lists of the outbox), or why it would not be sent. */
  subject(message: OutboxMessage): { subject: string } | { unsendable: string } {
    const sources = this.sourcesOf(message);
    if ('unsendable' in sources) return sources;
    try {
      return { subject: renderKind(message, sessionFacts(sources, this.site.publicUrl), sources).mail.subject };
    } catch (error) {
      return { unsendable: `not sent: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private sourcesOf(message: OutboxMessage): BookingMailSources | { unsendable: string } {
    const booking = message.bookingId ? this.bookings.get(message.bookingId) : undefined;
    if (!booking) return { unsendable: `not sent: booking ${message.bookingId} no longer exists` };
    const person = booking.person;
    if (!person) return { unsendable: `not sent: the person of booking ${booking.id} no longer exists` };
    if (!person.email) return { unsendable: `not sent: the person of booking ${booking.id} was erased` };
    const session = this.sessions.get(booking.sessionId);
    if (!session?.course) return { unsendable: `not sent: the session of booking ${booking.id} no longer exists` };
    const causerName = message.causedById ? (this.causerNames.get(message.causedById) ?? null) : null;
    return { booking, person, session, course: session.course, trainers: session.trainers ?? [], causerName };
  }
}

/** Renders booking events' outbox rows when they are sent (or shown), batch by batch. */
@Injectable()
export class BookingMailRenderer {
  constructor(
    private readonly environment: Environment,
    private readonly clock: Clock,
  ) {}

  /** Reads what `messages` need (those that need rendering; the rest are ignored) with `manager`. */
  async load(manager: EntityManager, messages: OutboxMessage[]): Promise<BookingMailBatch> {
    const pending = messages.filter(needsRendering);
    const bookingIds = unique(pending.map((message) => message.bookingId!));
    const bookings =
      bookingIds.length === 0
        ? []
        : await manager.find(Booking, {
            select: { id: true, sessionId: true, personId: true, person: { id: true, name: true, email: true, organisationId: true } },
            where: { id: In(bookingIds) },
            relations: { person: true },
          });
    const sessionIds = unique(bookings.map((booking) => booking.sessionId));
    const sessions = sessionIds.length === 0 ? [] : await manager.find(TrainingSession, { where: { id: In(sessionIds) }, relations: { course: true, trainers: true } });
    const causerIds = unique(pending.map((message) => message.causedById).filter((id): id is string => id !== null));
    const causers = causerIds.length === 0 ? [] : await manager.find(Person, { select: { id: true, name: true }, where: { id: In(causerIds) } });
    return new BookingMailBatch(
      new Map(bookings.map((booking) => [booking.id, booking])),
      new Map(sessions.map((session) => [session.id, session])),
      new Map(causers.map((causer) => [causer.id, causer.name])),
      { publicUrl: this.environment.publicUrl, mailFrom: this.environment.MAIL_FROM },
      this.clock,
    );
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
