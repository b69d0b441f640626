import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Actor, hasRole } from '../auth/actor';
import { Booking } from '../bookings/booking.entity';
import { SeatsService } from '../bookings/seats.service';
import { Clock } from '../common/clock';
import { FieldError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-error';
import { JsonAnswer } from '../common/json-answer';
import { Page } from '../common/pagination.dto';
import { Course } from '../courses/course.entity';
import { CourseArchivedError } from '../courses/courses.errors';
import { hydrated, placeholders, queryRows, stored } from '../database/raw-sql';
import { ReadCache } from '../database/read-cache';
import { Transactions } from '../database/transactions';
import { Person } from '../people/person.entity';
import { CancelSessionDto } from './dto/cancel-session.dto';
import { CreateSessionDto } from './dto/create-session.dto';
import { ListSessionsQueryDto } from './dto/list-sessions-query.dto';
import { SessionDto, SessionTrainerDto, toSessionDto } from './dto/session.dto';
import type { TrainerSessionDto, TrainerSessionsDto, TrainerSessionsQuery } from './dto/trainer-sessions.dto';
import { UpdateSessionDto } from './dto/update-session.dto';
import { mayManageSession, sessionTimeErrors, timeOrPlaceChanged } from './session-rules';
import { CapacityBelowConfirmedError, SessionCancelledError, UnknownReferenceError } from './sessions.errors';
import { TrainingSession } from './training-session.entity';

const DEFAULT_TIMEZONE = 'Europe/London';
/** More than a trainer's year of sessions: the lists of what is coming and what needs a register are shown whole. */
const TRAINER_LIST_LIMIT = 200;
/** The most recent finished sessions shown; a date filter finds older ones. */
const EARLIER_SESSIONS_LIMIT = 20;
/** How long a page of the sessions list, or its total, may be answered again unread: the most another instance's write stays unseen in it. */
const SESSION_LIST_MAX_AGE_MS = 1_000;
/** Pages of the sessions list kept at most (a page holds up to 500 sessions, about 0.5 MB). */
const SESSION_LIST_PAGES_KEPT = 100;
/** Filters whose total is kept at most: paging through a filter counts it once. */
const SESSION_LIST_TOTALS_KEPT = 1_000;
/** A confirmed booking of session "s" whose person has no mark on the register. */
const UNMARKED_BOOKING_SQL =
  'SELECT 1 FROM "booking" "ub" WHERE "ub"."sessionId" = "s"."id" AND "ub"."status" = \'confirmed\' ' +
  'AND NOT EXISTS (SELECT 1 FROM "attendance_record" "ur" WHERE "ur"."sessionId" = "ub"."sessionId" AND "ur"."personId" = "ub"."personId")';

@Injectable()
export class SessionsService {
  private readonly pages = new ReadCache<JsonAnswer<Page<SessionDto>>>(SESSION_LIST_MAX_AGE_MS, SESSION_LIST_PAGES_KEPT);
  private readonly totals = new ReadCache<number>(SESSION_LIST_MAX_AGE_MS, SESSION_LIST_TOTALS_KEPT);

  constructor(
    private readonly transactions: Transactions,
    private readonly seats: SeatsService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateSessionDto): Promise<SessionDto> {
    throwIfInvalid(sessionTimeErrors(dto));
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const trainerIds = dto.trainerIds ?? (hasRole(actor, 'trainer') ? [actor.personId] : []);
      const course = await manager.findOneBy(Course, { id: dto.courseId });
      const unknown = [
        ...(course ? [] : [{ field: 'courseId', message: 'no course has this id' }]),
        ...(await this.trainerErrors(manager, trainerIds)),
      ];
      if (unknown.length > 0 || !course) throw new UnknownReferenceError(unknown);
      if (course.archivedAt) throw new CourseArchivedError();

      const session = manager.create(TrainingSession, {
        id: randomUUID(),
        courseId: course.id,
        startsAt: dto.startsAt,
        endsAt: dto.endsAt,
        timezone: dto.timezone ?? DEFAULT_TIMEZONE,
        location: dto.location ?? null,
        onlineUrl: dto.onlineUrl ?? null,
        capacity: dto.capacity,
        confirmedCount: 0,
        waitlistArrivals: 0,
        status: 'scheduled',
        cancelledAt: null,
        cancellationReason: null,
        bookingOpensAt: dto.bookingOpensAt ?? null,
        bookingClosesAt: dto.bookingClosesAt ?? null,
        waitlistEnabled: dto.waitlistEnabled ?? true,
        checkInCode: null,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(TrainingSession, session);
      if (trainerIds.length > 0) await manager.createQueryBuilder().relation(TrainingSession, 'trainers').of(session.id).add(trainerIds);
      const [described] = await this.describe(manager, [Object.assign(session, { course })]);
      return described;
    });
  }

  /**
   * Sessions by start time, filtered; `available` and `seatsLeft` as ListSessionsQueryDto
   * describes. The catalogue is read far more often than it changes, so a page is answered again
   * from memory while it is current (ReadCache: until this instance writes, and for at most
   * SESSION_LIST_MAX_AGE_MS), and a filter's total is counted once for all its pages. Hand-written
   * SQL: TypeORM's builder took 45 ms to count 40,000 sessions (COUNT DISTINCT over a join the
   * count does not need) and 3 ms to load a page of 50 that the SQL reads in 0.1 ms.
   */
  async list(query: ListSessionsQueryDto): Promise<Page<SessionDto>> {
    return (await this.listAnswer(query)).value;
  }

  /** The page `list` gives, as the API answers it: made into JSON once for all the answers that reuse the page. */
  listAnswer(query: ListSessionsQueryDto): Promise<JsonAnswer<Page<SessionDto>>> {
    const now = this.clock.now();
    const generation = this.transactions.writeGeneration;
    const filter = JSON.stringify([query.from, query.to, query.courseId, query.available, query.seatsLeft]);
    return this.pages.get(JSON.stringify([filter, query.limit, query.offset]), generation, now, () =>
      this.transactions.read(async (manager) => {
        const { where, parameters } = sessionFilter(manager, query, now);
        const total = await this.totals.get(filter, generation, now, async () => {
          const [row] = await queryRows<{ total: string | number }>(manager, `SELECT COUNT(*) AS "total" FROM "training_session" "s"${where ? ` WHERE ${where}` : ''}`, parameters);
          return Number(row.total);
        });
        const rows = await queryRows<Record<string, unknown>>(
          manager,
          `SELECT "s".*, "c"."title" AS "courseTitle" FROM "training_session" "s" INNER JOIN "course" "c" ON "c"."id" = "s"."courseId" ` +
            `${where ? `WHERE ${where} ` : ''}ORDER BY "s"."startsAt" ASC, "s"."id" ASC LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
          [...parameters, query.limit, query.offset],
        );
        const sessions = rows.map((row) =>
          Object.assign(hydrated(manager, TrainingSession, row), { course: { id: row.courseId as string, title: row.courseTitle as string } as Course }),
        );
        return new JsonAnswer({ items: await this.describe(manager, sessions), total });
      }),
    );
  }

  /**
   * The sessions a trainer trains (an admin: every session), narrowed by course and start, as a
   * trainer works through them: what is coming (or under way), past registers still to
   * complete, and the latest finished ones; each with how many booked people are unmarked.
   */
  async trainerSessions(actor: Actor, query: TrainerSessionsQuery): Promise<TrainerSessionsDto> {
    return this.transactions.read(async (manager) => {
      const now = this.clock.now();
      const matching = () => {
        const select = manager.createQueryBuilder(TrainingSession, 's').innerJoinAndSelect('s.course', 'c');
        if (!hasRole(actor, 'admin')) {
          select.andWhere('s.id IN (SELECT "st"."sessionId" FROM "session_trainer" "st" WHERE "st"."personId" = :me)', { me: actor.personId });
        }
        if (query.courseId) select.andWhere('s.courseId = :courseId', { courseId: query.courseId });
        if (query.from) select.andWhere('s.startsAt >= :from', { from: query.from });
        if (query.to) select.andWhere('s.startsAt <= :to', { to: query.to });
        return select;
      };
      const ended = { now, scheduled: 'scheduled' };
      const lists = {
        upcoming: matching().andWhere('s.endsAt > :now', { now }).orderBy('s.startsAt', 'ASC'),
        registersToComplete: matching()
          .andWhere(`s.endsAt <= :now AND s.status = :scheduled AND EXISTS (${UNMARKED_BOOKING_SQL})`, ended)
          .orderBy('s.startsAt', 'DESC'),
        earlier: matching()
          .andWhere(`s.endsAt <= :now AND (s.status <> :scheduled OR NOT EXISTS (${UNMARKED_BOOKING_SQL}))`, ended)
          .orderBy('s.startsAt', 'DESC'),
      };
      const page = async (select: SelectQueryBuilder<TrainingSession>, limit: number): Promise<Page<TrainerSessionDto>> => {
        const total = await select.getCount();
        const sessions = await select.addOrderBy('s.id', 'ASC').limit(limit).getMany();
        return { items: await this.withUnmarkedCounts(manager, await this.describe(manager, sessions)), total };
      };
      return {
        upcoming: await page(lists.upcoming, TRAINER_LIST_LIMIT),
        registersToComplete: await page(lists.registersToComplete, TRAINER_LIST_LIMIT),
        earlier: await page(lists.earlier, EARLIER_SESSIONS_LIMIT),
      };
    });
  }

  async get(id: string): Promise<SessionDto> {
    return this.transactions.read(async (manager) => {
      const session = await manager.findOne(TrainingSession, { where: { id }, relations: { course: true } });
      if (!session) throw new NotFoundError('Session');
      const [described] = await this.describe(manager, [session]);
      return described;
    });
  }

  /**
   * Changes a session. A change of time or place tells every confirmed attendee (updated
   * invitation); a capacity rise promotes from the waitlist; all in one transaction.
   */
  async update(actor: Actor, id: string, dto: UpdateSessionDto): Promise<SessionDto> {
    return this.changeSession(actor, id, async (manager, locked, parts, now) => {
      const changed = {
        startsAt: dto.startsAt ?? locked.startsAt,
        endsAt: dto.endsAt ?? locked.endsAt,
        timezone: dto.timezone ?? locked.timezone,
        location: dto.location === undefined ? locked.location : dto.location,
        onlineUrl: dto.onlineUrl === undefined ? locked.onlineUrl : dto.onlineUrl,
        capacity: dto.capacity ?? locked.capacity,
        bookingOpensAt: dto.bookingOpensAt === undefined ? locked.bookingOpensAt : dto.bookingOpensAt,
        bookingClosesAt: dto.bookingClosesAt === undefined ? locked.bookingClosesAt : dto.bookingClosesAt,
        waitlistEnabled: dto.waitlistEnabled ?? locked.waitlistEnabled,
      };
      throwIfInvalid(sessionTimeErrors(changed));
      if (changed.capacity < locked.confirmedCount) throw new CapacityBelowConfirmedError(changed.capacity, locked.confirmedCount);
      if (dto.trainerIds) parts.trainers = await this.replaceTrainers(manager, locked.id, parts.trainers, dto.trainerIds);

      await manager.update(TrainingSession, { id: locked.id }, { ...changed, updatedAt: now });
      const moved = timeOrPlaceChanged(locked, changed);
      Object.assign(locked, changed, { updatedAt: now });
      if (moved) await this.seats.tellSessionChanged(manager, locked);
      await this.seats.promoteWaitlisted(manager, locked, now);
    });
  }

  /**
   * Cancels the session and every active booking of it; each booked person (confirmed or
   * waitlisted) is told. The mail context carries each booking as it stood before, so the mailer
   * can tell who held a seat (and an invitation to withdraw).
   */
  async cancel(actor: Actor, id: string, dto: CancelSessionDto): Promise<SessionDto> {
    return this.changeSession(actor, id, async (manager, locked, parts, now) => {
      const cancelled = { status: 'cancelled' as const, cancelledAt: now, cancellationReason: dto.reason ?? null, confirmedCount: 0 };
      await manager.update(TrainingSession, { id: locked.id }, { ...cancelled, updatedAt: now });
      Object.assign(locked, cancelled, { updatedAt: now });
      await this.seats.cancelSessionBookings(manager, locked, actor, parts.trainers.map((trainer) => trainer.id), now);
    });
  }

  /**
   * Runs a change of a scheduled session in one transaction, with the session row locked, and
   * answers the session as it then stands. 404 if unknown; 403 for a trainer who does not train
   * it (every signed-in person can see every session, so 403 reveals nothing); 422 if cancelled.
   */
  private changeSession(
    actor: Actor,
    id: string,
    change: (manager: EntityManager, locked: TrainingSession, parts: { course: Course; trainers: Person[] }, now: Date) => Promise<void>,
  ): Promise<SessionDto> {
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const session = await manager.findOne(TrainingSession, { where: { id }, relations: { course: true, trainers: true } });
      if (!session) throw new NotFoundError('Session');
      const parts = { course: session.course!, trainers: session.trainers ?? [] };
      if (!mayManageSession(actor, parts.trainers.map((trainer) => trainer.id))) {
        throw new ForbiddenError("Only the session's trainers and admins may change or cancel it.");
      }
      const locked = (await this.seats.lockSession(manager, session.id, now))!;
      if (locked.status === 'cancelled') throw new SessionCancelledError();
      await change(manager, locked, parts, now);
      const [described] = await this.describe(manager, [Object.assign(locked, { course: parts.course })]);
      return described;
    });
  }

  private async trainerErrors(manager: EntityManager, trainerIds: string[]): Promise<FieldError[]> {
    const found = trainerIds.length > 0 ? await manager.findBy(Person, { id: In(trainerIds) }) : [];
    const trainers = new Set(found.filter((p) => p.active && !p.erasedAt && p.roles.includes('trainer')).map((p) => p.id));
    return trainerIds.filter((id) => !trainers.has(id)).map((id) => ({ field: 'trainerIds', message: `${id} is not a trainer` }));
  }

  private async replaceTrainers(manager: EntityManager, sessionId: string, current: Person[], trainerIds: string[]): Promise<Person[]> {
    const unknown = await this.trainerErrors(manager, trainerIds);
    if (unknown.length > 0) throw new UnknownReferenceError(unknown);
    const currentIds = current.map((trainer) => trainer.id);
    await manager
      .createQueryBuilder()
      .relation(TrainingSession, 'trainers')
      .of(sessionId)
      .addAndRemove(
        trainerIds.filter((id) => !currentIds.includes(id)),
        currentIds.filter((id) => !trainerIds.includes(id)),
      );
    return trainerIds.length > 0 ? manager.findBy(Person, { id: In(trainerIds) }) : [];
  }

  /** How many confirmed bookings of each session have no mark on the register. */
  private async withUnmarkedCounts(manager: EntityManager, sessions: SessionDto[]): Promise<TrainerSessionDto[]> {
    if (sessions.length === 0) return [];
    const rows = await manager
      .createQueryBuilder(Booking, 'b')
      .select('b.sessionId', 'sessionId')
      .addSelect('COUNT(*)', 'unmarked')
      .where('b.sessionId IN (:...ids) AND b.status = :confirmed', { ids: sessions.map((session) => session.id), confirmed: 'confirmed' })
      .andWhere('NOT EXISTS (SELECT 1 FROM "attendance_record" "r" WHERE "r"."sessionId" = "b"."sessionId" AND "r"."personId" = "b"."personId")')
      .groupBy('b.sessionId')
      .getRawMany<{ sessionId: string; unmarked: string | number }>();
    const unmarked = new Map(rows.map((row) => [row.sessionId, Number(row.unmarked)]));
    return sessions.map((session) => ({ ...session, unmarkedCount: unmarked.get(session.id) ?? 0 }));
  }

  /** Session JSON for sessions loaded with their course: trainers (with names) and waitlist counts in two queries. */
  private async describe(manager: EntityManager, sessions: TrainingSession[]): Promise<SessionDto[]> {
    if (sessions.length === 0) return [];
    const ids = sessions.map((session) => session.id);
    const idList = placeholders(ids.length);
    const trainerRows = await queryRows<{ sessionId: string; id: string; name: string | null }>(
      manager,
      `SELECT "st"."sessionId", "st"."personId" AS "id", "p"."name" FROM "session_trainer" "st" INNER JOIN "person" "p" ON "p"."id" = "st"."personId" ` +
        `WHERE "st"."sessionId" IN (${idList}) ORDER BY "st"."personId" ASC`,
      ids,
    );
    const waitlistRows = await queryRows<{ sessionId: string; waiting: string | number }>(
      manager,
      `SELECT "sessionId", COUNT(*) AS "waiting" FROM "booking" WHERE "sessionId" IN (${idList}) AND "status" = 'waitlisted' GROUP BY "sessionId"`,
      ids,
    );
    const waiting = new Map(waitlistRows.map((row) => [row.sessionId, Number(row.waiting)]));
    const trainers = new Map<string, SessionTrainerDto[]>();
    for (const { sessionId, id, name } of trainerRows) {
      const ofSession = trainers.get(sessionId) ?? [];
      ofSession.push({ id, name });
      trainers.set(sessionId, ofSession);
    }
    return sessions.map((session) => toSessionDto(session, session.course!, trainers.get(session.id) ?? [], waiting.get(session.id) ?? 0));
  }
}

/**
 * The WHERE clause of the sessions list for a query, over "training_session" "s", with its
 * parameters ($1…); empty without a filter, since SQLite counts a table from its b-tree's size
 * only when there is no WHERE at all (0.01 ms for 40,000 sessions, against 0.65 ms with WHERE TRUE).
 */
function sessionFilter(manager: EntityManager, query: ListSessionsQueryDto, now: Date): { where: string; parameters: unknown[] } {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  const parameter = (property: keyof TrainingSession & string, value: unknown) => {
    parameters.push(stored(manager, TrainingSession, property, value));
    return `$${parameters.length}`;
  };
  if (query.from) conditions.push(`"s"."startsAt" >= ${parameter('startsAt', query.from)}`);
  if (query.to) conditions.push(`"s"."startsAt" <= ${parameter('startsAt', query.to)}`);
  if (query.courseId) conditions.push(`"s"."courseId" = ${parameter('courseId', query.courseId)}`);
  if (query.available || query.seatsLeft) {
    const at = parameter('startsAt', now);
    conditions.push(
      `"s"."status" = 'scheduled' AND "s"."startsAt" > ${at} AND ("s"."bookingClosesAt" IS NULL OR "s"."bookingClosesAt" > ${at}) ` +
        `AND ("s"."confirmedCount" < "s"."capacity" OR "s"."waitlistEnabled" = ${parameter('waitlistEnabled', true)})`,
    );
  }
  if (query.seatsLeft) conditions.push(`"s"."confirmedCount" < "s"."capacity"`);
  return { where: conditions.join(' AND '), parameters };
}

function throwIfInvalid(errors: FieldError[]): void {
  if (errors.length > 0) throw new InvalidInputError(`The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}.`, errors);
}
