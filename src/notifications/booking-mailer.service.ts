import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Booking } from '../bookings/booking.entity';
import { Clock } from '../common/clock';
import { insertInto, queryRows, stored } from '../database/raw-sql';
import type { Course } from '../courses/course.entity';
import type { Person } from '../people/person.entity';
import type { TrainingSession } from '../sessions/training-session.entity';
import type { Canceller } from './canceller';
import type { InvitationMethod } from './invitation-builder';
import type { SessionFacts } from './mail-templates';
import { MAIL_PRIORITY, OutboxMessage } from './outbox-message.entity';

/** Everything a booking e-mail needs, loaded by the caller inside its transaction. */
export interface BookingMailContext {
  booking: Booking;
  session: TrainingSession;
  course: Course;
  trainers: Person[];
  person: Person;
}

/** The booking's own web page, where the person sees it and can cancel it. */
export function bookingPageUrl(publicUrl: string, bookingId: string): string {
  return `${publicUrl}/bookings/${bookingId}`;
}

export function sessionFacts(context: BookingMailContext, publicUrl: string): SessionFacts {
  const { booking, session, course, trainers, person } = context;
  return {
    personName: person.name,
    bookingUrl: bookingPageUrl(publicUrl, booking.id),
    courseTitle: course.title,
    courseDescription: course.description,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    timezone: session.timezone,
    location: session.location,
    onlineUrl: session.onlineUrl,
    trainerNames: trainers.map((trainer) => trainer.name).filter((name): name is string => Boolean(name)),
  };
}

const REMINDER_KEY_PREFIX = 'reminder:';

export function reminderDedupeKey(bookingId: string): string {
  return `${REMINDER_KEY_PREFIX}${bookingId}`;
}

/** Who gets a booking e-mail and which booking it is about; no address (an erased person): no mail. */
export interface BookingMailTarget {
  bookingId: string;
  sessionId: string;
  personId: string;
  recipient: string | null;
}

/** Who cancelled, without the name: the dispatcher reads the name of `causedById` when it renders. */
export type CancellerRole = Pick<Canceller, 'role'>;

/** The outbox columns that tell of a booking event, but for its recipient (the delivery columns are pendingSince's). */
export interface BookingMailRow {
  kind: BookingMailKind;
  bookingId: string;
  sessionId: string;
  personId: string;
  causedById: string | null;
  calendarMethod: InvitationMethod | null;
  invitationSequence: number | null;
  facts: string | null;
}

export type BookingMailKind =
  | 'booking-confirmed'
  | 'booking-waitlisted'
  | 'booking-promoted'
  | 'booking-cancelled'
  | 'session-changed'
  | 'session-cancelled';

/**
 * The outbox row that tells of a booking event: its facts, not its text. The dispatcher renders
 * the e-mail and the invitation when it sends them, so the booking's transaction renders nothing.
 */
export function bookingMailRow(
  kind: BookingMailKind,
  target: Omit<BookingMailTarget, 'recipient'>,
  event: { calendar?: { method: InvitationMethod; sequence: number } | null; facts?: object | null; causedById?: string | null },
): BookingMailRow {
  return {
    kind,
    bookingId: target.bookingId,
    sessionId: target.sessionId,
    personId: target.personId,
    causedById: event.causedById ?? null,
    calendarMethod: event.calendar?.method ?? null,
    invitationSequence: event.calendar?.sequence ?? null,
    facts: event.facts ? JSON.stringify(event.facts) : null,
  };
}

/**
 * The e-mails that booking and session changes cause, written to the outbox as the facts of the
 * event in the caller's transaction, so the mail exists if and only if the change committed.
 * Only confirmed bookings get invitations; the caller (the bookings module, which owns every
 * booking change) takes the invitation's SEQUENCE and passes it in.
 */
@Injectable()
export class BookingMailer {
  constructor(private readonly clock: Clock) {}

  confirmed(manager: EntityManager, target: BookingMailTarget, sequence: number): Promise<void> {
    return this.write(manager, this.confirmedRow(target, sequence));
  }

  /** The outbox row `confirmed` writes (null: the person has no address), for a caller that writes it in a statement of its own. */
  confirmedRow(target: BookingMailTarget, sequence: number): Partial<OutboxMessage> | null {
    return this.row('booking-confirmed', target, { calendar: { method: 'REQUEST', sequence } });
  }

  /**
   * The outbox row `confirmed` writes, but for its recipient: for a statement that reads the
   * address from the person row as it writes (and so writes no row for a person without one).
   */
  confirmedRowWithoutRecipient(target: Omit<BookingMailTarget, 'recipient'>, sequence: number): Omit<Partial<OutboxMessage>, 'recipient'> {
    return this.rowWithoutRecipient('booking-confirmed', target, { calendar: { method: 'REQUEST', sequence } });
  }

  /** No invitation: nothing goes in the calendar until a place is confirmed. */
  waitlisted(manager: EntityManager, target: BookingMailTarget, waitlistPosition: number): Promise<void> {
    return this.write(manager, this.row('booking-waitlisted', target, { facts: { waitlistPosition } }));
  }

  promoted(manager: EntityManager, target: BookingMailTarget, sequence: number): Promise<void> {
    return this.write(manager, this.row('booking-promoted', target, { calendar: { method: 'REQUEST', sequence } }));
  }

  /**
   * A booking cancelled by `causedById` in the capacity `cancelledBy`; `withdrawnSequence` is the
   * SEQUENCE of the cancellation when an invitation had gone out (null otherwise).
   */
  cancelled(
    manager: EntityManager,
    target: BookingMailTarget,
    event: { cancelledBy: CancellerRole; causedById: string; wasWaitlisted: boolean; withdrawnSequence: number | null },
  ): Promise<void> {
    const invited = event.withdrawnSequence !== null;
    return this.write(manager, this.row('booking-cancelled', target, {
      calendar: invited ? { method: 'CANCEL', sequence: event.withdrawnSequence! } : null,
      facts: { cancelledBy: { role: event.cancelledBy.role }, wasWaitlisted: event.wasWaitlisted, invited },
      causedById: event.causedById,
    }));
  }

  /** New time or place: an updated invitation (`sequence`) for confirmed people, a notice (null) for the waitlisted. */
  sessionChanged(manager: EntityManager, target: BookingMailTarget, sequence: number | null): Promise<void> {
    const invited = sequence !== null;
    return this.write(manager, this.row('session-changed', target, { calendar: invited ? { method: 'REQUEST', sequence } : null, facts: { invited } }));
  }

  /** The session cancelled: a cancellation (`withdrawnSequence`) for people who had an invitation, a notice otherwise. */
  sessionCancelled(
    manager: EntityManager,
    target: BookingMailTarget,
    event: { cancelledBy: CancellerRole; causedById: string; withdrawnSequence: number | null },
  ): Promise<void> {
    const invited = event.withdrawnSequence !== null;
    return this.write(manager, this.row('session-cancelled', target, {
      calendar: invited ? { method: 'CANCEL', sequence: event.withdrawnSequence! } : null,
      facts: { cancelledBy: { role: event.cancelledBy.role }, invited },
      causedById: event.causedById,
    }));
  }

  private row(kind: BookingMailKind, target: BookingMailTarget, event: Parameters<typeof bookingMailRow>[2]): Partial<OutboxMessage> | null {
    if (!target.recipient) return null;
    return { ...this.rowWithoutRecipient(kind, target, event), recipient: target.recipient };
  }

  private rowWithoutRecipient(kind: BookingMailKind, target: Omit<BookingMailTarget, 'recipient'>, event: Parameters<typeof bookingMailRow>[2]) {
    return { id: randomUUID(), ...bookingMailRow(kind, target, event), ...pendingSince(this.clock.now()) };
  }

  private async write(manager: EntityManager, row: Partial<OutboxMessage> | null): Promise<void> {
    if (!row) return;
    // Hand-written like the booking's own statements: the hot path's share of TypeORM's builders (docs/decisions/2026-12-02-booking-path.md).
    const properties = Object.keys(row) as Array<keyof OutboxMessage & string>;
    await queryRows(
      manager,
      insertInto(manager, OutboxMessage, properties),
      properties.map((property) => stored(manager, OutboxMessage, property, row[property])),
    );
  }
}

/** The delivery columns of a message that waits for its first attempt. */
export function pendingSince(now: Date) {
  return { status: 'pending' as const, attempts: 0, priority: MAIL_PRIORITY.normal, nextAttemptAt: now, lockedUntil: null, lastError: null, sentAt: null, createdAt: now };
}
