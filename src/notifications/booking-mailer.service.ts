import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Booking } from '../bookings/booking.entity';
import type { Course } from '../courses/course.entity';
import type { Person } from '../people/person.entity';
import type { TrainingSession } from '../sessions/training-session.entity';
import { OutboxService } from './outbox.service';

/** Everything a booking e-mail needs, loaded by the caller inside its transaction. */
export interface BookingMailContext {
  booking: Booking;
  session: TrainingSession;
  course: Course;
  trainers: Person[];
  person: Person;
}

/**
 * The e-mails that booking and session changes cause. Each call writes to the outbox in the
 * caller's transaction, so the mail exists if and only if the change committed.
 */
@Injectable()
export class BookingMailer {
  constructor(private readonly outbox: OutboxService) {}

  confirmed(manager: EntityManager, context: BookingMailContext): Promise<void> {
    return this.simple(manager, context, 'booking-confirmed', `Booking confirmed: ${context.course.title}`);
  }

  waitlisted(manager: EntityManager, context: BookingMailContext, position: number): Promise<void> {
    return this.simple(manager, context, 'booking-waitlisted', `On the waitlist (number ${position}): ${context.course.title}`);
  }

  promoted(manager: EntityManager, context: BookingMailContext): Promise<void> {
    return this.simple(manager, context, 'booking-promoted', `A place is yours: ${context.course.title}`);
  }

  cancelled(manager: EntityManager, context: BookingMailContext): Promise<void> {
    return this.simple(manager, context, 'booking-cancelled', `Booking cancelled: ${context.course.title}`);
  }

  sessionChanged(manager: EntityManager, context: BookingMailContext): Promise<void> {
    return this.simple(manager, context, 'session-changed', `Session changed: ${context.course.title}`);
  }

  sessionCancelled(manager: EntityManager, context: BookingMailContext): Promise<void> {
    return this.simple(manager, context, 'session-cancelled', `Session cancelled: ${context.course.title}`);
  }

  private async simple(manager: EntityManager, context: BookingMailContext, kind: string, subject: string): Promise<void> {
    if (!context.person.email) return;
    const text = `${subject}\n\nStarts ${context.session.startsAt.toISOString()}.`;
    await this.outbox.enqueue(manager, {
      kind,
      recipient: context.person.email,
      subject,
      textBody: text,
      htmlBody: `<p>${text}</p>`,
      sessionId: context.session.id,
      personId: context.person.id,
    });
  }
}
