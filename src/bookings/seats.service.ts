import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Actor } from '../auth/actor';
import { ForbiddenError, NotFoundError } from '../common/domain-error';
import { columnList, columnValues, hydrated, insertInto, insertSelectFrom, queryRows, stored } from '../database/raw-sql';
import { isUniqueViolation } from '../database/transactions';
import { bookingCanceller, sessionCanceller } from '../notifications/canceller';
import { BookingMailer, BookingMailTarget, reminderDedupeKey } from '../notifications/booking-mailer.service';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { OutboxService } from '../notifications/outbox.service';
import { Person } from '../people/person.entity';
import { TrainingSession } from '../sessions/training-session.entity';
import { ACTIVE_BOOKING_STATUSES, Booking } from './booking.entity';
import { bookingRefusal, freeSeats, mayBookOthersOnto, mayHandleBookingFor, placement, seatBookableSql } from './booking-rules';
import { DuplicateBookingError, SessionFullError, SessionNotBookableError } from './bookings.errors';
import { BookingDto, toBookingDto } from './dto/booking.dto';

/** SQL for the 1-based waitlist position of the booking aliased `alias`: derived, never stored. */
export function waitlistPositionSql(alias: string): string {
  return (
    `CASE WHEN "${alias}"."status" = 'waitlisted' THEN 1 + (SELECT COUNT(*) FROM "booking" "ahead" ` +
    `WHERE "ahead"."sessionId" = "${alias}"."sessionId" AND "ahead"."status" = 'waitlisted' ` +
    `AND "ahead"."waitlistRank" < "${alias}"."waitlistRank") END`
  );
}

/** What booking a person onto a session needs to know, read in one statement with the session row locked. */
interface BookingFacts {
  session: TrainingSession;
  courseTitle: string;
  trainerIds: string[];
  person: Pick<Person, 'id' | 'organisationId' | 'email' | 'active' | 'erasedAt'> | null;
  duplicate: boolean;
  /** The highest invitation SEQUENCE of this person's bookings of the session (0 if none). */
  sequenceFloor: number;
}

/**
 * The session's columns by name, `alias`-qualified: statements sent by name on PostgreSQL list
 * their result columns, since a prepared `*` fails once a migration adds a column.
 */
function sessionColumns(manager: EntityManager, alias?: string): string {
  const prefix = alias ? `"${alias}".` : '';
  return manager.connection
    .getMetadata(TrainingSession)
    .columns.map((column) => `${prefix}"${column.databaseName}"`)
    .join(', ');
}

/**
 * The locked path's read, written by hand: TypeORM's query building cost more than the database
 * work (see the decision note). Sent by name on PostgreSQL.
 */
export function bookingFactsSql(manager: EntityManager): string {
  const postgres = manager.connection.options.type === 'postgres';
  return `
  SELECT ${sessionColumns(manager, 's')}, "c"."title" AS "courseTitle",
    (SELECT ${postgres ? `string_agg("st"."personId"::text, ',')` : `group_concat("st"."personId", ',')`}
       FROM "session_trainer" "st" WHERE "st"."sessionId" = "s"."id") AS "trainerIds",
    "p"."id" AS "personId", "p"."organisationId" AS "personOrganisationId", "p"."email" AS "personEmail",
    "p"."active" AS "personActive", "p"."erasedAt" AS "personErasedAt",
    EXISTS (SELECT 1 FROM "booking" "d" WHERE "d"."personId" = $2 AND "d"."sessionId" = "s"."id"
             AND "d"."status" IN ('confirmed', 'waitlisted')) AS "duplicate",
    COALESCE((SELECT MAX("o"."invitationSequence") FROM "booking" "o" WHERE "o"."personId" = $2 AND "o"."sessionId" = "s"."id"), 0) AS "sequenceFloor"
  FROM "training_session" "s"
  JOIN "course" "c" ON "c"."id" = "s"."courseId"
  LEFT JOIN "person" "p" ON "p"."id" = $2
  WHERE "s"."id" = $1${postgres ? ' FOR UPDATE OF "s"' : ''}`;
}

/** The seat or waitlist arrival read under the session's lock was not there to take: a broken invariant, never a client's mistake. */
class SeatGoneError extends Error {
  constructor(sessionId: string) {
    super(`session ${sessionId}: the seat read under the lock was gone`);
  }
}

/** A person booking themself onto a session, at `now`. */
export interface OwnSeat {
  actor: Actor;
  sessionId: string;
  now: Date;
}

type OwnSeatMail = ReturnType<BookingMailer['confirmedRowWithoutRecipient']>;

/** The booking a person booking themself a seat gets: their first of the session, so its invitation's SEQUENCE is 1. */
function ownSeatBooking({ actor, sessionId, now }: OwnSeat): Booking {
  return {
    id: randomUUID(),
    sessionId,
    personId: actor.personId,
    status: 'confirmed',
    waitlistRank: null,
    bookedById: actor.personId,
    invitationSequence: 1,
    createdAt: now,
    confirmedAt: now,
    cancelledAt: null,
  };
}

/**
 * The person's side of a seat of their own: `personId` (an expression) active and not erased, and
 * no booking of theirs for session `sessionId` before, cancelled or not (so the invitation's
 * SEQUENCE is 1).
 */
function ownSeatPersonSql(personId: string, sessionId: string): string {
  return (
    // A scalar subquery (null without such a person) where EXISTS would do: PostgreSQL may turn EXISTS into a join that walks every person.
    `(SELECT "p"."active" AND "p"."erasedAt" IS NULL FROM "person" "p" WHERE "p"."id" = ${personId}) ` +
    `AND NOT EXISTS (SELECT 1 FROM "booking" "b" WHERE "b"."personId" = ${personId} AND "b"."sessionId" = ${sessionId})`
  );
}

/** The course's title of the session row `alias`, as "courseTitle": a lookup by key per row, whatever a planner makes of a join with the few courses. */
function courseTitleSql(alias: string): string {
  return `(SELECT "c"."title" FROM "course" "c" WHERE "c"."id" = "${alias}"."courseId") AS "courseTitle"`;
}

const BOOKING_COLUMNS = ['id', 'sessionId', 'personId', 'status', 'waitlistRank', 'bookedById', 'invitationSequence', 'createdAt', 'confirmedAt', 'cancelledAt'] as const;

/**
 * The one owner of a session's seats, its waitlist, its bookings' cancellation and their
 * invitation SEQUENCEs: every booking change goes through here, so each rule is written once.
 *
 * Every change of a session's bookings first locks its row (PostgreSQL: the row lock serialises
 * the changes of one session while other sessions proceed in parallel; SQLite transactions are
 * exclusive anyway). Seats are taken with conditional UPDATEs; the CHECK constraint on
 * `confirmedCount <= capacity` is the last line of defence.
 */
@Injectable()
export class SeatsService {
  constructor(
    private readonly mailer: BookingMailer,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Books `personId` onto the session for `actor`: a seat while one is free, else a waitlist
   * place, else 422; the e-mail's facts go to the outbox. Four statements (a locked read, the
   * seat, the booking, the mail) and, for a waitlist place, its position; on PostgreSQL a seat's
   * three writes go in one statement.
   */
  async book(manager: EntityManager, actor: Actor, sessionId: string, personId: string, now: Date): Promise<BookingDto> {
    const facts = await this.readBookingFacts(manager, sessionId, personId);
    if (!facts) throw new NotFoundError('Session');
    const { session, person, trainerIds } = facts;
    if (personId !== actor.personId && !mayBookOthersOnto(actor, trainerIds)) {
      throw new ForbiddenError("You may book only yourself onto this session: admins, managers and the session's trainers book others.");
    }
    // A manager naming someone outside their organisation gets 404: they may not see that person.
    if (!person || person.erasedAt || !person.active || !mayHandleBookingFor(actor, person, trainerIds)) throw new NotFoundError('Person');
    // Answered before any seat is looked at; the unique index settles two racing twins the same way.
    if (facts.duplicate) throw new DuplicateBookingError();
    const refusal = bookingRefusal(session, now);
    if (refusal) throw new SessionNotBookableError(refusal, session);
    const place = placement(session);
    if (place === 'full') throw new SessionFullError();

    const seated = place === 'confirm';
    const booking: Booking = {
      id: randomUUID(),
      sessionId: session.id,
      personId: person.id,
      status: seated ? 'confirmed' : 'waitlisted',
      waitlistRank: null,
      bookedById: actor.personId,
      invitationSequence: seated ? facts.sequenceFloor + 1 : 0,
      createdAt: now,
      confirmedAt: seated ? now : null,
      cancelledAt: null,
    };
    const target = { bookingId: booking.id, sessionId: session.id, personId: person.id, recipient: person.email };
    let position: number | null = null;
    try {
      if (seated && manager.connection.options.type === 'postgres') {
        await this.seatBookAndMail(manager, booking, this.mailer.confirmedRow(target, booking.invitationSequence));
      } else {
        const taken = await queryRows<{ waitlistArrivals: number }>(
          manager,
          seated
            ? `UPDATE "training_session" SET "confirmedCount" = "confirmedCount" + 1 WHERE "id" = $1 AND "confirmedCount" < "capacity" RETURNING "waitlistArrivals"`
            : `UPDATE "training_session" SET "waitlistArrivals" = "waitlistArrivals" + 1 WHERE "id" = $1 RETURNING "waitlistArrivals"`,
          [session.id],
        );
        if (taken.length !== 1) throw new SeatGoneError(session.id);
        if (!seated) booking.waitlistRank = Number(taken[0].waitlistArrivals);
        await queryRows(manager, insertInto(manager, Booking, [...BOOKING_COLUMNS]), this.bookingValues(manager, booking));
        position = seated ? null : await this.waitlistPosition(manager, booking);
        if (position === null) await this.mailer.confirmed(manager, target, booking.invitationSequence);
        else await this.mailer.waitlisted(manager, target, position);
      }
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateBookingError();
      throw error;
    }
    if (seated) session.confirmedCount += 1;
    return toBookingDto(booking, position, { ...session, course: { title: facts.courseTitle } });
  }

  /**
   * A person booking themself a seat, without reading the session first: the seat is taken by an
   * UPDATE whose condition is the booking rules (`seatBookableSql`), the person active, and no
   * booking of theirs for the session before, cancelled or not (so the invitation's SEQUENCE is
   * 1). It books only what `book` would book as a seat, and less. Null when it booked nothing (a
   * full session, a waitlist place, a refusal): `book` then decides under the lock, and answers
   * why.
   *
   * SQLite (no data-modifying CTEs): three statements inside the caller's unit of work, which
   * SQLite runs alone; the seat's UPDATE returns the answer's session, so nothing is read before
   * it. PostgreSQL takes many such seats in one statement: see seatSelves.
   */
  async seatSelf(manager: EntityManager, wanted: OwnSeat): Promise<BookingDto | null> {
    const booking = ownSeatBooking(wanted);
    const mail = this.ownSeatMail(booking);
    const mailProperties = Object.keys(mail) as Array<keyof typeof mail & string>;
    const rows = await queryRows<Record<string, unknown>>(
      manager,
      `UPDATE "training_session" SET "confirmedCount" = "confirmedCount" + 1 WHERE "id" = $1 AND ${seatBookableSql('$3')} AND ${ownSeatPersonSql('$2', '$1')} ` +
        `RETURNING ${sessionColumns(manager)}, ${courseTitleSql('training_session')}`,
      [wanted.sessionId, wanted.actor.personId, stored(manager, TrainingSession, 'startsAt', wanted.now)],
    );
    if (rows.length !== 1) return null;
    await queryRows(manager, insertInto(manager, Booking, [...BOOKING_COLUMNS]), this.bookingValues(manager, booking));
    const mailFrom = '"person" "p" WHERE "p"."id" = $1 AND "p"."email" IS NOT NULL';
    await queryRows(manager, insertSelectFrom(manager, OutboxMessage, mailProperties, 2, mailFrom, { recipient: '"p"."email"' }), [
      wanted.actor.personId,
      ...mailProperties.map((property) => stored(manager, OutboxMessage, property, mail[property])),
    ]);
    return this.ownSeatAnswer(manager, booking, rows[0]);
  }

  /**
   * PostgreSQL: the seats of many people booking themselves (`seatSelf`'s rules for each), their
   * bookings and their e-mails in one statement, a named one (prepared once per connection), run
   * outside a transaction: one round trip, one parse and one commit for a whole batch. The
   * bookings and e-mails go in as JSON rows of their tables. A session asked for by several of
   * them gives all of them seats, or none when they do not all fit (then each asks `book`, which
   * fills the last seats and the waitlist in order). The UPDATE locks each session row, and
   * PostgreSQL checks its condition again on the row as it stands once a concurrent booking has
   * committed, so capacity holds. Answers in the order given, null where no seat was taken. A
   * unique violation (a twin booked by another statement meanwhile) fails the whole statement:
   * then every one of them is null, and `book` decides each under the lock.
   */
  async seatSelves(manager: EntityManager, wanted: OwnSeat[]): Promise<Array<BookingDto | null>> {
    const bookings = wanted.map(ownSeatBooking);
    const mails = bookings.map((booking) => this.ownSeatMail(booking));
    // Every mail of the batch has the same properties.
    const mailProperties = Object.keys(mails[0]) as Array<keyof OwnSeatMail & string>;
    let rows: Array<Record<string, unknown>>;
    try {
      rows = await queryRows<Record<string, unknown>>(manager, this.seatSelvesSql(manager, mailProperties), [
        JSON.stringify(bookings.map((booking) => columnValues(manager, Booking, booking, BOOKING_COLUMNS))),
        JSON.stringify(mails.map((mail) => columnValues(manager, OutboxMessage, mail, mailProperties))),
      ], { prepared: true });
    } catch (error) {
      if (isUniqueViolation(error)) return wanted.map(() => null);
      throw error;
    }
    const seated = new Map(rows.map((row) => [row.bookingId as string, row]));
    return bookings.map((booking) => {
      const row = seated.get(booking.id);
      return row ? this.ownSeatAnswer(manager, booking, row) : null;
    });
  }

  private seatSelvesSql(manager: EntityManager, mailProperties: Array<keyof OwnSeatMail & string>): string {
    const bookingColumns = columnList(manager, Booking, BOOKING_COLUMNS);
    const mailColumns = columnList(manager, OutboxMessage, mailProperties);
    return (
      `WITH "wanted" AS (SELECT ${bookingColumns}, "ordinality" FROM jsonb_populate_recordset(NULL::"booking", $1::jsonb) WITH ORDINALITY), ` +
      // A person's first request for a session in the batch; a twin asks `book`, which refuses it.
      `"eligible" AS (SELECT DISTINCT ON ("personId", "sessionId") "id", "sessionId", "createdAt" FROM "wanted" ` +
      `WHERE ${ownSeatPersonSql('"wanted"."personId"', '"wanted"."sessionId"')} ORDER BY "personId", "sessionId", "ordinality"), ` +
      `"asked" AS (SELECT "sessionId" AS "askedSessionId", COUNT(*) AS "seats", MIN("createdAt") AS "earliest", MAX("createdAt") AS "latest" FROM "eligible" GROUP BY "sessionId"), ` +
      // Every seat asked of a session or none: each request's `now` lies between the earliest and the latest, and the rules hold at both ends.
      `"seat" AS (UPDATE "training_session" SET "confirmedCount" = "confirmedCount" + "a"."seats" FROM "asked" "a" ` +
      `WHERE "training_session"."id" = "a"."askedSessionId" AND ${seatBookableSql('"a"."earliest"')} AND ${seatBookableSql('"a"."latest"')} ` +
      `AND "confirmedCount" + "a"."seats" <= "capacity" RETURNING ${sessionColumns(manager, 'training_session')}), ` +
      `"booked" AS (INSERT INTO "booking" (${bookingColumns}) SELECT ${columnList(manager, Booking, BOOKING_COLUMNS, 'wanted')} FROM "wanted" ` +
      `JOIN "eligible" ON "eligible"."id" = "wanted"."id" JOIN "seat" ON "seat"."id" = "wanted"."sessionId" ` +
      // The address by a subquery per booking, so that each is found through the person's key whatever the batch's size.
      `RETURNING "id", "sessionId", (SELECT "p"."email" FROM "person" "p" WHERE "p"."id" = "booking"."personId") AS "recipient"), ` +
      `"mailed" AS (INSERT INTO "outbox_message" (${mailColumns}, "recipient") SELECT ${columnList(manager, OutboxMessage, mailProperties, 'm')}, "booked"."recipient" ` +
      `FROM jsonb_populate_recordset(NULL::"outbox_message", $2::jsonb) "m" JOIN "booked" ON "booked"."id" = "m"."bookingId" WHERE "booked"."recipient" IS NOT NULL) ` +
      `SELECT ${sessionColumns(manager, 'seat')}, "booked"."id" AS "bookingId", ${courseTitleSql('seat')} FROM "booked" JOIN "seat" ON "seat"."id" = "booked"."sessionId"`
    );
  }

  private ownSeatMail(booking: Booking): OwnSeatMail {
    return this.mailer.confirmedRowWithoutRecipient({ bookingId: booking.id, sessionId: booking.sessionId, personId: booking.personId }, booking.invitationSequence);
  }

  private ownSeatAnswer(manager: EntityManager, booking: Booking, row: Record<string, unknown>): BookingDto {
    const session = hydrated(manager, TrainingSession, row);
    return toBookingDto(booking, null, { ...session, course: { title: row.courseTitle as string } });
  }

  /**
   * PostgreSQL: the seat, the booking and its e-mail in one statement (data-modifying CTEs), one
   * round trip where three statements took three. The booking is written only if the seat was
   * taken, and the mail only if the booking was.
   */
  private async seatBookAndMail(manager: EntityManager, booking: Booking, mail: Partial<OutboxMessage> | null): Promise<void> {
    const bookingValues = this.bookingValues(manager, booking);
    const mailProperties = mail ? (Object.keys(mail) as Array<keyof OutboxMessage & string>) : [];
    const mailed = mail
      ? `, "mailed" AS (${insertSelectFrom(manager, OutboxMessage, mailProperties, 2 + bookingValues.length, '"booked"')})`
      : '';
    const booked = await queryRows<{ id: string }>(
      manager,
      `WITH "seat" AS (UPDATE "training_session" SET "confirmedCount" = "confirmedCount" + 1 WHERE "id" = $1 AND "confirmedCount" < "capacity" RETURNING "id"), ` +
        `"booked" AS (${insertSelectFrom(manager, Booking, [...BOOKING_COLUMNS], 2, '"seat"')} RETURNING "id")${mailed} SELECT "id" FROM "booked"`,
      [booking.sessionId, ...bookingValues, ...mailProperties.map((property) => stored(manager, OutboxMessage, property, mail![property]))],
    );
    if (booked.length !== 1) throw new SeatGoneError(booking.sessionId);
  }

  private bookingValues(manager: EntityManager, booking: Booking): unknown[] {
    return BOOKING_COLUMNS.map((property) => stored(manager, Booking, property, booking[property]));
  }

  private async readBookingFacts(manager: EntityManager, sessionId: string, personId: string): Promise<BookingFacts | null> {
    const [row] = await queryRows<Record<string, unknown>>(manager, bookingFactsSql(manager), [sessionId, personId], { prepared: true });
    if (!row) return null;
    const person = row.personId
      ? hydrated(manager, Person, {
          id: row.personId,
          organisationId: row.personOrganisationId,
          email: row.personEmail,
          active: row.personActive,
          erasedAt: row.personErasedAt,
        })
      : null;
    return {
      session: hydrated(manager, TrainingSession, row),
      courseTitle: row.courseTitle as string,
      trainerIds: row.trainerIds ? String(row.trainerIds).split(',') : [],
      person,
      duplicate: Boolean(row.duplicate),
      sequenceFloor: Number(row.sequenceFloor),
    };
  }

  /** Locks the session row for a booking change and returns it as it now stands. */
  async lockSession(manager: EntityManager, sessionId: string, now: Date): Promise<TrainingSession | null> {
    await manager.createQueryBuilder().update(TrainingSession).set({ updatedAt: now }).where('"id" = :sessionId', { sessionId }).execute();
    return manager.findOneBy(TrainingSession, { id: sessionId });
  }

  /**
   * Cancels a booking of the locked session and gives a freed seat to the waitlist. With a
   * `cancelledBy`, the person is told (and a calendar entry withdrawn); without one (erasure) they
   * are told nothing. A reminder not yet sent is withdrawn either way.
   */
  async cancelBooking(
    manager: EntityManager,
    booking: Booking,
    locked: TrainingSession,
    now: Date,
    cancelledBy: { actor: Actor; person: Pick<Person, 'id' | 'organisationId' | 'email'>; trainerIds: string[] } | null,
  ): Promise<void> {
    const heldSeat = booking.status === 'confirmed';
    const wasWaitlisted = booking.status === 'waitlisted';
    await manager.update(Booking, { id: booking.id }, { status: 'cancelled', cancelledAt: now });
    Object.assign(booking, { status: 'cancelled', cancelledAt: now });
    await this.outbox.withdrawPending(manager, reminderDedupeKey(booking.id));
    if (cancelledBy) {
      const { actor, person, trainerIds } = cancelledBy;
      const withdrawnSequence = booking.invitationSequence > 0 ? await this.takeInvitationSequence(manager, booking) : null;
      await this.mailer.cancelled(manager, { ...targetOf(booking), recipient: person.email }, {
        cancelledBy: bookingCanceller(actor, null, person, trainerIds),
        causedById: actor.personId,
        wasWaitlisted,
        withdrawnSequence,
      });
    }
    if (heldSeat) {
      await manager
        .createQueryBuilder()
        .update(TrainingSession)
        .set({ confirmedCount: () => '"confirmedCount" - 1' })
        .where('"id" = :sessionId AND "confirmedCount" > 0', { sessionId: locked.id })
        .execute();
      locked.confirmedCount -= 1;
      await this.promoteWaitlisted(manager, locked, now);
    }
  }

  /** Cancels every active booking of the locked session, which the caller is cancelling, and tells each person. */
  async cancelSessionBookings(manager: EntityManager, locked: TrainingSession, actor: Actor, trainerIds: string[], now: Date): Promise<void> {
    const active = await manager.find(Booking, { where: { sessionId: locked.id, status: In(ACTIVE_BOOKING_STATUSES) }, order: { createdAt: 'ASC' } });
    await manager.update(Booking, { sessionId: locked.id, status: In(ACTIVE_BOOKING_STATUSES) }, { status: 'cancelled', cancelledAt: now });
    const people = await this.peopleById(manager, active);
    const cancelledBy = sessionCanceller(actor, null, trainerIds);
    for (const booking of active) {
      await this.outbox.withdrawPending(manager, reminderDedupeKey(booking.id));
      const withdrawnSequence = booking.invitationSequence > 0 ? await this.takeInvitationSequence(manager, booking) : null;
      await this.mailer.sessionCancelled(manager, { ...targetOf(booking), recipient: people.get(booking.personId)?.email ?? null }, {
        cancelledBy,
        causedById: actor.personId,
        withdrawnSequence,
      });
    }
  }

  /** The locked session's time or place changed: confirmed people get an updated invitation. */
  async tellSessionChanged(manager: EntityManager, locked: TrainingSession): Promise<void> {
    const attendees = await manager.find(Booking, { where: { sessionId: locked.id, status: 'confirmed' }, order: { createdAt: 'ASC' } });
    const people = await this.peopleById(manager, attendees);
    for (const booking of attendees) {
      const sequence = await this.takeInvitationSequence(manager, booking);
      await this.mailer.sessionChanged(manager, { ...targetOf(booking), recipient: people.get(booking.personId)?.email ?? null }, sequence);
    }
  }

  /**
   * Gives every free seat of the locked `session` to the waitlist, lowest arrival number first,
   * and tells each promoted person. Updates `session.confirmedCount` in place.
   */
  async promoteWaitlisted(manager: EntityManager, session: TrainingSession, now: Date): Promise<Booking[]> {
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
      const sequence = await this.takeInvitationSequence(manager, booking);
      await this.mailer.promoted(manager, { ...targetOf(booking), recipient: people.get(booking.personId)?.email ?? null }, sequence);
    }
    return promoted;
  }

  /** The booking's 1-based waitlist position, or null unless it is waitlisted. */
  async waitlistPosition(manager: EntityManager, booking: Pick<Booking, 'sessionId' | 'status' | 'waitlistRank'>): Promise<number | null> {
    if (booking.status !== 'waitlisted' || booking.waitlistRank === null) return null;
    const [{ ahead }] = await queryRows<{ ahead: number | string }>(
      manager,
      `SELECT COUNT(*) AS "ahead" FROM "booking" WHERE "sessionId" = $1 AND "status" = 'waitlisted' AND "waitlistRank" < $2`,
      [booking.sessionId, booking.waitlistRank],
    );
    return Number(ahead) + 1;
  }

  /** The people the bookings belong to, by id (one query). */
  async peopleById(manager: EntityManager, bookings: Booking[]): Promise<Map<string, Person>> {
    if (bookings.length === 0) return new Map();
    const people = await manager.findBy(Person, { id: In([...new Set(bookings.map((booking) => booking.personId))]) });
    return new Map(people.map((person) => [person.id, person]));
  }

  /**
   * Takes the booking's next invitation SEQUENCE: one above every invitation sent for this person
   * and session, by this booking or an earlier one (the UID is the same). One UPDATE, so two
   * changes racing on one booking never reuse a number.
   */
  private async takeInvitationSequence(manager: EntityManager, booking: Booking): Promise<number> {
    const rows = await queryRows<{ invitationSequence: number }>(
      manager,
      `UPDATE "booking" SET "invitationSequence" = 1 + (SELECT MAX("o"."invitationSequence") FROM "booking" "o"
          WHERE "o"."personId" = "booking"."personId" AND "o"."sessionId" = "booking"."sessionId")
        WHERE "id" = $1 RETURNING "invitationSequence"`,
      [booking.id],
    );
    booking.invitationSequence = Number(rows[0].invitationSequence);
    return booking.invitationSequence;
  }
}

function targetOf(booking: Booking): Omit<BookingMailTarget, 'recipient'> {
  return { bookingId: booking.id, sessionId: booking.sessionId, personId: booking.personId };
}
