import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor, hasRole } from '../auth/actor';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/domain-error';
import { Page } from '../common/pagination.dto';
import { Transactions } from '../database/transactions';
import { TurnBatches } from '../database/turn-batches';
import { Person } from '../people/person.entity';
import { TrainingSession } from '../sessions/training-session.entity';
import { ACTIVE_BOOKING_STATUSES, Booking } from './booking.entity';
import { cancellationRefusal, freeSeats, mayHandleBookingFor } from './booking-rules';
import { CancellationRefusedError, IdempotencyKeyReusedError } from './bookings.errors';
import { BookingDto, toBookingDto } from './dto/booking.dto';
import { CreateBookingDto } from './dto/create-booking.dto';
import { ListBookingsQueryDto } from './dto/list-bookings-query.dto';
import { IdempotencyKeyTakenError, IdempotencyService, requestHash } from './idempotency.service';
import { OwnSeat, SeatsService, waitlistPositionSql } from './seats.service';

/** A booking that erasing its person would cancel, and who would get the seat it frees. */
export interface UpcomingWithdrawal {
  booking: BookingDto;
  /** The people the waitlist would promote into the freed seat, first first; their name is null once erased. */
  promoted: Array<{ personId: string; name: string | null }>;
}

export interface BookingAnswer {
  booking: BookingDto;
  /** True when this is the stored first answer to an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/**
 * The most self-bookings one PostgreSQL statement takes: see
 * docs/decisions/2026-12-02-booking-path.md.
 */
const OWN_SEATS_PER_STATEMENT = 64;

@Injectable()
export class BookingsService {
  private readonly ownSeats: TurnBatches<OwnSeat, BookingDto | null> | undefined;

  constructor(
    private readonly transactions: Transactions,
    private readonly seats: SeatsService,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
  ) {
    // PostgreSQL: the people booking themselves in one event-loop turn take their seats in one statement (SQLite's group commit already shares a COMMIT).
    this.ownSeats =
      transactions.dialect === 'postgres'
        ? new TurnBatches((wanted) => transactions.statement((manager) => seats.seatSelves(manager, wanted)), OWN_SEATS_PER_STATEMENT)
        : undefined;
  }

  /**
   * Books a seat, or a waitlist place when the session is full. With an Idempotency-Key, the key
   * is claimed in the same transaction before anything else, and a repeat replays the first answer.
   */
  async book(actor: Actor, dto: CreateBookingDto, idempotencyKey?: string): Promise<BookingAnswer> {
    if (idempotencyKey === undefined) {
      // A person booking themself: a free seat is taken without reading the session first, or nothing is (then the locked path decides).
      const bookingSelf = (dto.personId ?? actor.personId) === actor.personId;
      const wanted: OwnSeat = { actor, sessionId: dto.sessionId, now: this.clock.now() };
      if (bookingSelf && this.ownSeats) {
        const seated = await this.ownSeats.add(wanted);
        if (seated) return { booking: seated, replayed: false };
      }
      const seatFirst = bookingSelf && this.transactions.dialect === 'sqlite';
      const booking = await this.transactions.run(async (manager) => (seatFirst ? await this.seats.seatSelf(manager, wanted) : null) ?? (await this.bookIn(manager, actor, dto)));
      return { booking, replayed: false };
    }
    const hash = requestHash('POST /api/bookings', dto.sessionId, dto.personId ?? null);
    // A stored answer can expire between our failed claim and the read: then claim again.
    for (let attempt = 1; ; attempt++) {
      try {
        const booking = await this.transactions.run(async (manager) => {
          await this.idempotency.claim(manager, actor.personId, idempotencyKey, hash, this.clock.now());
          const created = await this.bookIn(manager, actor, dto);
          await this.idempotency.complete(manager, actor.personId, idempotencyKey, 201, created);
          return created;
        });
        return { booking, replayed: false };
      } catch (error) {
        if (!(error instanceof IdempotencyKeyTakenError)) throw error;
      }
      const stored = await this.transactions.read((manager) => this.idempotency.find(manager, actor.personId, idempotencyKey, this.clock.now()));
      if (stored) {
        if (stored.requestHash !== hash) throw new IdempotencyKeyReusedError();
        return { booking: JSON.parse(stored.responseBody) as BookingDto, replayed: true };
      }
      if (attempt >= 3) throw new Error(`Idempotency-Key of ${actor.personId} neither claimable nor stored`);
    }
  }

  async cancel(actor: Actor, bookingId: string): Promise<BookingDto> {
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const seen = await manager.findOneBy(Booking, { id: bookingId });
      if (!seen) throw new NotFoundError('Booking');
      const session = await manager.findOneOrFail(TrainingSession, { where: { id: seen.sessionId }, relations: { course: true, trainers: true } });
      const person = await manager.findOneByOrFail(Person, { id: seen.personId });
      const trainerIds = trainerIdsOf(session);
      if (!mayHandleBookingFor(actor, person, trainerIds)) throw new NotFoundError('Booking');

      const locked = (await this.seats.lockSession(manager, session.id, now))!;
      const booking = await manager.findOneByOrFail(Booking, { id: bookingId });
      const refusal = cancellationRefusal(booking, locked, now);
      if (refusal) throw new CancellationRefusedError(refusal);
      await this.seats.cancelBooking(manager, booking, locked, now, { actor, person, trainerIds });
      return toBookingDto(booking, null, { ...locked, course: session.course! });
    });
  }

  /**
   * Cancels the person's active bookings of sessions that have not started, inside the caller's
   * transaction, handing each freed seat to the waitlist. For erasure: the person is told
   * nothing (their address is being removed for good); promoted people are told as usual.
   */
  async withdrawFromUpcoming(manager: EntityManager, personId: string, now: Date): Promise<void> {
    const bookings = await manager
      .createQueryBuilder(Booking, 'b')
      .innerJoin(TrainingSession, 's', 's.id = b.sessionId')
      .where('b.personId = :personId AND b.status IN (:...active) AND s.startsAt > :now', {
        personId,
        active: ACTIVE_BOOKING_STATUSES,
        now,
      })
      .getMany();
    for (const { id, sessionId } of bookings) {
      const locked = (await this.seats.lockSession(manager, sessionId, now))!;
      // Read again under the lock: a concurrent cancellation may have freed this seat already.
      const booking = await manager.findOneByOrFail(Booking, { id });
      if (booking.status === 'cancelled') continue;
      await this.seats.cancelBooking(manager, booking, locked, now, null);
    }
  }

  /**
   * What withdrawFromUpcoming would do now, read only (the erasure's confirmation page): the
   * person's active bookings of sessions to come, soonest first, and for each seat they hold who
   * on the waitlist would get it, in the order the promotion takes them.
   */
  async previewWithdrawalFromUpcoming(manager: EntityManager, personId: string, now: Date): Promise<UpcomingWithdrawal[]> {
    const { entities, raw } = await manager
      .createQueryBuilder(Booking, 'b')
      .innerJoinAndSelect('b.session', 's')
      .innerJoinAndSelect('s.course', 'c')
      .addSelect(waitlistPositionSql('b'), 'waitlistPosition')
      .where('b.personId = :personId AND b.status IN (:...active) AND s.startsAt > :now', { personId, active: ACTIVE_BOOKING_STATUSES, now })
      .orderBy('s.startsAt', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getRawAndEntities<{ b_id: string; waitlistPosition: string | number | null }>();
    const positions = new Map(raw.map((row) => [row.b_id, row.waitlistPosition === null ? null : Number(row.waitlistPosition)]));
    const withdrawals: UpcomingWithdrawal[] = [];
    for (const booking of entities) {
      const session = booking.session!;
      const seatsFreed = booking.status === 'confirmed' ? freeSeats({ ...session, confirmedCount: session.confirmedCount - 1 }) : 0;
      const promoted =
        seatsFreed === 0
          ? []
          : await manager
              .createQueryBuilder(Booking, 'w')
              .innerJoin(Person, 'p', 'p.id = w.personId')
              .select(['w.personId AS "personId"', 'p.name AS "name"'])
              .where('w.sessionId = :sessionId AND w.status = :waitlisted', { sessionId: session.id, waitlisted: 'waitlisted' })
              .orderBy('w.waitlistRank', 'ASC')
              .limit(seatsFreed)
              .getRawMany<{ personId: string; name: string | null }>();
      withdrawals.push({ booking: toBookingDto(booking, positions.get(booking.id) ?? null, { ...session, course: session.course! }), promoted });
    }
    return withdrawals;
  }

  async get(actor: Actor, bookingId: string): Promise<BookingDto> {
    const [booking] = await this.transactions.read((manager) =>
      this.withPositions(this.visibleTo(manager, actor).andWhere('b.id = :bookingId', { bookingId })),
    );
    if (!booking) throw new NotFoundError('Booking');
    return booking;
  }

  /** Bookings the actor may see, oldest first, filtered by session, person and status. */
  async list(actor: Actor, query: ListBookingsQueryDto): Promise<Page<BookingDto>> {
    return this.transactions.read(async (manager) => {
      const matching = this.visibleTo(manager, actor);
      if (query.sessionId) matching.andWhere('b.sessionId = :sessionId', { sessionId: query.sessionId });
      if (query.personId) matching.andWhere('b.personId = :personId', { personId: query.personId });
      if (query.status) matching.andWhere('b.status = :status', { status: query.status });
      const total = await matching.getCount();
      const items = await this.withPositions(
        matching.orderBy('b.createdAt', 'ASC').addOrderBy('b.id', 'ASC').offset(query.offset).limit(query.limit),
      );
      return { items, total };
    });
  }

  private bookIn(manager: EntityManager, actor: Actor, dto: CreateBookingDto): Promise<BookingDto> {
    return this.seats.book(manager, actor, dto.sessionId, dto.personId ?? actor.personId, this.clock.now());
  }

  /** Bookings in the actor's scope: own; managers their organisation's; trainers their sessions'; admins all. */
  private visibleTo(manager: EntityManager, actor: Actor): SelectQueryBuilder<Booking> {
    const query = manager.createQueryBuilder(Booking, 'b');
    if (hasRole(actor, 'admin')) return query;
    return query.andWhere(
      new Brackets((scope) => {
        scope.where('b.personId = :me', { me: actor.personId });
        if (hasRole(actor, 'manager')) {
          scope.orWhere('b.personId IN (SELECT "p"."id" FROM "person" "p" WHERE "p"."organisationId" = :organisationId)', {
            organisationId: actor.organisationId,
          });
        }
        if (hasRole(actor, 'trainer')) {
          scope.orWhere('b.sessionId IN (SELECT "st"."sessionId" FROM "session_trainer" "st" WHERE "st"."personId" = :me)');
        }
      }),
    );
  }

  /** Booking answers for the bookings the query selects, with their sessions and courses read in the same query. */
  private async withPositions(query: SelectQueryBuilder<Booking>): Promise<BookingDto[]> {
    const { entities, raw } = await query
      .innerJoinAndSelect('b.session', 'session')
      .innerJoinAndSelect('session.course', 'course')
      .addSelect(waitlistPositionSql('b'), 'waitlistPosition')
      .getRawAndEntities<{
        b_id: string;
        waitlistPosition: string | number | null;
      }>();
    const positions = new Map(raw.map((row) => [row.b_id, row.waitlistPosition === null ? null : Number(row.waitlistPosition)]));
    return entities.map((booking) =>
      toBookingDto(booking, positions.get(booking.id) ?? null, { ...booking.session!, course: booking.session!.course! }),
    );
  }
}

function trainerIdsOf(session: TrainingSession): string[] {
  return (session.trainers ?? []).map((trainer) => trainer.id);
}
