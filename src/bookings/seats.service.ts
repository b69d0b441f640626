import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { Course } from '../courses/course.entity';
import { BookingMailContext, BookingMailer } from '../notifications/booking-mailer.service';
import { Person } from '../people/person.entity';
import { TrainingSession } from '../sessions/training-session.entity';
import { Booking } from './booking.entity';
import { freeSeats } from './booking-rules';

/** What every booking e-mail of one session shares. */
export interface SessionMailParts {
  course: Course;
  trainers: Person[];
}

/** SQL for the 1-based waitlist position of the booking aliased `alias`: derived, never stored. */
export function waitlistPositionSql(alias: string): string {
  return (
    `CASE WHEN "${alias}"."status" = 'waitlisted' THEN 1 + (SELECT COUNT(*) FROM "booking" "ahead" ` +
    `WHERE "ahead"."sessionId" = "${alias}"."sessionId" AND "ahead"."status" = 'waitlisted' ` +
    `AND "ahead"."waitlistRank" < "${alias}"."waitlistRank") END`
  );
}

/**
 * The seat counter and the waitlist of a session. Every booking change of a session begins with
 * an UPDATE of its row: on PostgreSQL that row lock serialises the changes of one session while
 * other sessions proceed in parallel; SQLite transactions are exclusive anyway. Seats are taken
 * with one conditional UPDATE (check and write in one atomic step); the CHECK constraint on
 * `confirmedCount <= capacity` is the last line of defence.
 */
@Injectable()
export class SeatsService {
  constructor(private readonly mailer: BookingMailer) {}

  /** Takes a seat if one is free. True when this transaction now holds it. */
  async takeSeat(manager: EntityManager, sessionId: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(TrainingSession)
      .set({ confirmedCount: () => '"confirmedCount" + 1' })
      .where('"id" = :sessionId AND "confirmedCount" < "capacity" AND "status" = :scheduled', { sessionId, scheduled: 'scheduled' })
      .execute();
    return result.affected === 1;
  }

  /** Draws the next waitlist arrival number (it also locks the row); read it from the reloaded session. */
  async drawWaitlistArrival(manager: EntityManager, sessionId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(TrainingSession)
      .set({ waitlistArrivals: () => '"waitlistArrivals" + 1' })
      .where('"id" = :sessionId', { sessionId })
      .execute();
  }

  /** Locks the session row for a booking change and returns it as it now stands. */
  async lockSession(manager: EntityManager, sessionId: string, now: Date): Promise<TrainingSession | null> {
    await manager.createQueryBuilder().update(TrainingSession).set({ updatedAt: now }).where('"id" = :sessionId', { sessionId }).execute();
    return this.reload(manager, sessionId);
  }

  /** The session row as this transaction sees it (current, once the caller holds the lock). */
  reload(manager: EntityManager, sessionId: string): Promise<TrainingSession | null> {
    return manager.findOneBy(TrainingSession, { id: sessionId });
  }

  async releaseSeat(manager: EntityManager, session: TrainingSession): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(TrainingSession)
      .set({ confirmedCount: () => '"confirmedCount" - 1' })
      .where('"id" = :sessionId AND "confirmedCount" > 0', { sessionId: session.id })
      .execute();
    session.confirmedCount -= 1;
  }

  /**
   * Gives every free seat of the locked `session` to the waitlist, lowest arrival number first,
   * and tells each promoted person. Updates `session.confirmedCount` in place.
   */
  async promoteWaitlisted(manager: EntityManager, session: TrainingSession, parts: SessionMailParts, now: Date): Promise<Booking[]> {
    const seats = freeSeats(session);
    if (seats === 0) return [];
    const promoted = await manager.find(Booking, {
      where: { sessionId: session.id, status: 'waitlisted' },
      order: { waitlistRank: 'ASC' },
      take: seats,
    });
    if (promoted.length === 0) return [];
    const taken = await manager
      .createQueryBuilder()
      .update(TrainingSession)
      .set({ confirmedCount: () => '"confirmedCount" + :count' })
      .where('"id" = :sessionId AND "confirmedCount" + :count <= "capacity"', { sessionId: session.id, count: promoted.length })
      .execute();
    if (taken.affected !== 1) throw new Error(`session ${session.id}: promotion found no free seats although the row is locked`);
    session.confirmedCount += promoted.length;
    await manager.update(
      Booking,
      { id: In(promoted.map((booking) => booking.id)) },
      { status: 'confirmed', waitlistRank: null, confirmedAt: now },
    );
    const people = await this.peopleById(manager, promoted);
    for (const booking of promoted) {
      Object.assign(booking, { status: 'confirmed', waitlistRank: null, confirmedAt: now });
      await this.mailer.promoted(manager, mailContext(booking, session, parts, people.get(booking.personId)!));
    }
    return promoted;
  }

  /** The booking's 1-based waitlist position, or null unless it is waitlisted. */
  async waitlistPosition(manager: EntityManager, booking: Booking): Promise<number | null> {
    if (booking.status !== 'waitlisted' || booking.waitlistRank === null) return null;
    const ahead = await manager
      .createQueryBuilder(Booking, 'b')
      .where('b.sessionId = :sessionId AND b.status = :waitlisted AND b.waitlistRank < :rank', {
        sessionId: booking.sessionId,
        waitlisted: 'waitlisted',
        rank: booking.waitlistRank,
      })
      .getCount();
    return ahead + 1;
  }

  /** The people the bookings belong to, by id (one query). */
  async peopleById(manager: EntityManager, bookings: Booking[]): Promise<Map<string, Person>> {
    if (bookings.length === 0) return new Map();
    const people = await manager.findBy(Person, { id: In([...new Set(bookings.map((booking) => booking.personId))]) });
    return new Map(people.map((person) => [person.id, person]));
  }
}

export function mailContext(booking: Booking, session: TrainingSession, parts: SessionMailParts, person: Person): BookingMailContext {
  return { booking, session, course: parts.course, trainers: parts.trainers, person };
}
