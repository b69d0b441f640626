import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { Booking } from '../bookings/booking.entity';
import { Clock } from '../common/clock';
import type { Course } from '../courses/course.entity';
import { Environment } from '../config/environment';
import { Person } from '../people/person.entity';
import type { TrainingSession } from '../sessions/training-session.entity';
import { bookingCanceller, sessionCanceller } from './canceller';
import { buildInvitation, calendarIdentity, InvitationMethod } from './invitation-builder';
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
import { OutboxService } from './outbox.service';

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

/**
 * The e-mails that booking and session changes cause. Each call writes to the outbox in the
 * caller's transaction, so the mail exists if and only if the change committed.
 *
 * Calendar rules: only confirmed bookings get invitations. Every calendar message for a
 * booking takes the next SEQUENCE and stores it on the booking in the same transaction; a
 * new booking for a session the person booked before continues above the earlier booking's
 * SEQUENCE, because the UID (person + session) is the same. Callers save the booking before
 * calling, so its row is there to update.
 */
@Injectable()
export class BookingMailer {
  constructor(
    private readonly outbox: OutboxService,
    private readonly environment: Environment,
    private readonly clock: Clock,
  ) {}

  confirmed(manager: EntityManager, context: BookingMailContext): Promise<void> {
    return this.send(manager, context, 'booking-confirmed', bookingConfirmedMail(this.facts(context)), 'REQUEST');
  }

  /** No invitation: nothing goes in the calendar until a place is confirmed. */
  waitlisted(manager: EntityManager, context: BookingMailContext, position: number): Promise<void> {
    return this.send(manager, context, 'booking-waitlisted', waitlistedMail(this.facts(context), position), null);
  }

  promoted(manager: EntityManager, context: BookingMailContext): Promise<void> {
    return this.send(manager, context, 'booking-promoted', promotedMail(this.facts(context)), 'REQUEST');
  }

  /**
   * A booking cancelled by `actor`: the person themself or someone who may handle their bookings,
   * named in the mail. Withdraws the invitation if one was sent. The context's booking is as it
   * stood before (confirmed or waitlisted).
   */
  async cancelled(manager: EntityManager, context: BookingMailContext, actor: Actor): Promise<void> {
    const invited = await wasInvited(manager, context.booking);
    await this.outbox.withdrawPending(manager, reminderDedupeKey(context.booking.id));
    const cancelledBy = bookingCanceller(actor, await nameOf(manager, actor), context.person, context.trainers.map((trainer) => trainer.id));
    const mail = bookingCancelledMail(this.facts(context), { cancelledBy, waitlisted: context.booking.status === 'waitlisted', invited });
    await this.send(manager, context, 'booking-cancelled', mail, invited ? 'CANCEL' : null);
  }

  /** New time or place: an updated invitation for confirmed people, a notice for the waitlisted. */
  sessionChanged(manager: EntityManager, context: BookingMailContext): Promise<void> {
    const invited = context.booking.status === 'confirmed';
    return this.send(manager, context, 'session-changed', sessionChangedMail(this.facts(context), invited), invited ? 'REQUEST' : null);
  }

  /** The session cancelled by `actor`: a cancellation for confirmed people, a plain notice for the waitlisted. */
  async sessionCancelled(manager: EntityManager, context: BookingMailContext, actor: Actor): Promise<void> {
    const invited = await wasInvited(manager, context.booking);
    await this.outbox.withdrawPending(manager, reminderDedupeKey(context.booking.id));
    const cancelledBy = sessionCanceller(actor, await nameOf(manager, actor), context.trainers.map((trainer) => trainer.id));
    const mail = sessionCancelledMail(this.facts(context), { cancelledBy, invited, reason: context.session.cancellationReason });
    await this.send(manager, context, 'session-cancelled', mail, invited ? 'CANCEL' : null);
  }

  private facts(context: BookingMailContext): SessionFacts {
    return sessionFacts(context, this.environment.publicUrl);
  }

  private async send(
    manager: EntityManager,
    context: BookingMailContext,
    kind: string,
    mail: RenderedMail,
    calendarMethod: InvitationMethod | null,
  ): Promise<void> {
    const { person, session, course, trainers, booking } = context;
    if (!person.email) return;
    const calendar = calendarMethod
      ? {
          method: calendarMethod,
          content: buildInvitation({
            method: calendarMethod,
            session,
            course,
            trainers,
            person,
            sequence: await this.nextSequence(manager, booking),
            ...calendarIdentity(this.environment.publicUrl, this.environment.MAIL_FROM, this.clock.now()),
          }),
        }
      : undefined;
    await this.outbox.enqueue(manager, {
      kind,
      recipient: person.email,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      calendar,
      sessionId: session.id,
      personId: person.id,
    });
  }

  /**
   * Takes the next SEQUENCE for this booking: one above both its own last invitation and any
   * earlier booking by the same person for the same session. The increment is one UPDATE, so
   * two changes racing on one booking never reuse a number.
   */
  private async nextSequence(manager: EntityManager, booking: Booking): Promise<number> {
    const earlier = await manager
      .createQueryBuilder(Booking, 'other')
      .select('MAX(other.invitationSequence)', 'sequence')
      .where('other.sessionId = :sessionId AND other.personId = :personId AND other.id <> :id', {
        sessionId: booking.sessionId,
        personId: booking.personId,
        id: booking.id,
      })
      .getRawOne<{ sequence: number | string | null }>();
    const floor = Number(earlier?.sequence ?? 0);
    await manager
      .createQueryBuilder()
      .update(Booking)
      .set({ invitationSequence: () => `CASE WHEN "invitationSequence" > CAST(:floor AS integer) THEN "invitationSequence" ELSE CAST(:floor AS integer) END + 1` })
      .where('id = :id', { id: booking.id })
      .setParameter('floor', floor)
      .execute();
    const { invitationSequence } = await manager.findOneOrFail(Booking, { select: { id: true, invitationSequence: true }, where: { id: booking.id } });
    // The caller may save its Booking object later: keep it from writing the old number back.
    booking.invitationSequence = invitationSequence;
    return invitationSequence;
  }
}

async function nameOf(manager: EntityManager, actor: Actor): Promise<string | null> {
  const person = await manager.findOne(Person, { select: { id: true, name: true }, where: { id: actor.personId } });
  return person?.name ?? null;
}

/** A booking holds a calendar entry once an invitation went out for it (read from the row, not a possibly stale object). */
async function wasInvited(manager: EntityManager, booking: Booking): Promise<boolean> {
  const row = await manager.findOne(Booking, { select: { id: true, invitationSequence: true }, where: { id: booking.id } });
  return (row?.invitationSequence ?? booking.invitationSequence) > 0;
}
