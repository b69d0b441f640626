import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { Actor } from '../auth/actor';
import { Booking } from '../bookings/booking.entity';
import { Clock } from '../common/clock';
import { BusinessRuleError, FieldError, InvalidInputError } from '../common/domain-error';
import type { Page, PaginationQueryDto } from '../common/pagination.dto';
import { Transactions } from '../database/transactions';
import { Person } from '../people/person.entity';
import { AttendanceChange } from './attendance-change.entity';
import { AttendanceRecord, type AttendanceStatus } from './attendance-record.entity';
import { assertRegisterOpen, duplicatePersonErrors } from './attendance-rules';
import type { AttendanceChangeDto } from './dto/attendance-change.dto';
import type { RegisterDto, RegisterEntryDto } from './dto/register.dto';
import type { RegisterSheetDto } from './dto/register-sheet.dto';
import type { UpdateRegisterDto } from './dto/update-register.dto';
import { sessionForRegister } from './session-access';

export interface Mark {
  personId: string;
  status: AttendanceStatus;
}

interface MarkContext {
  sessionId: string;
  changedById: string;
  source: AttendanceChange['source'];
  now: Date;
}

@Injectable()
export class AttendanceService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  register(actor: Actor, sessionId: string): Promise<RegisterDto> {
    return this.transactions.read(async (manager) => {
      const session = await sessionForRegister(manager, actor, sessionId);
      return loadRegister(manager, session.id);
    });
  }

  /** The register with each person's team and organisation, for the register page and the printed sign-in sheet. */
  registerSheet(actor: Actor, sessionId: string): Promise<RegisterSheetDto> {
    return this.transactions.read(async (manager) => {
      const session = await sessionForRegister(manager, actor, sessionId);
      const register = await loadRegister(manager, session.id);
      const ids = register.records.map((record) => record.personId);
      const people = ids.length === 0 ? [] : await manager.find(Person, { where: { id: In(ids) }, relations: { organisation: true } });
      const byId = new Map(people.map((person) => [person.id, person]));
      return {
        sessionId: register.sessionId,
        records: register.records.map((record) => ({
          ...record,
          team: byId.get(record.personId)?.team ?? null,
          organisation: byId.get(record.personId)?.organisation?.name ?? null,
        })),
      };
    });
  }

  /** Marks the whole room in one transaction; people without a confirmed booking join as walk-ins. */
  update(actor: Actor, sessionId: string, body: UpdateRegisterDto): Promise<RegisterDto> {
    const duplicates = duplicatePersonErrors(body.records);
    if (duplicates.length > 0) throw new InvalidInputError('Each person may appear only once in a register update.', duplicates);
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const session = await sessionForRegister(manager, actor, sessionId, { forUpdate: true });
      assertRegisterOpen(session, now);
      await this.applyMarks(manager, body.records, { sessionId: session.id, changedById: actor.personId, source: 'register', now });
      return loadRegister(manager, session.id);
    });
  }

  history(actor: Actor, sessionId: string, page: PaginationQueryDto): Promise<Page<AttendanceChangeDto>> {
    return this.transactions.read(async (manager) => {
      const session = await sessionForRegister(manager, actor, sessionId);
      const [changes, total] = await manager.findAndCount(AttendanceChange, {
        where: { sessionId: session.id },
        order: { changedAt: 'ASC', personId: 'ASC' },
        skip: page.offset,
        take: page.limit,
      });
      const names = await namesOf(manager, changes.flatMap((c) => [c.personId, c.changedById]));
      const items = changes.map((c) => ({
        id: c.id,
        personId: c.personId,
        name: names.get(c.personId) ?? null,
        oldStatus: c.oldStatus,
        newStatus: c.newStatus,
        source: c.source,
        walkIn: c.walkIn,
        changedById: c.changedById,
        changedByName: names.get(c.changedById) ?? null,
        changedAt: c.changedAt,
      }));
      return { items, total };
    });
  }

  /**
   * Writes marks inside the caller's transaction, linking each new record to the person's
   * confirmed booking (none: a walk-in, who must be an active person), and keeps one history
   * entry per real change, the one that adds a walk-in marked as such: a mark that repeats the
   * current status writes nothing.
   */
  async applyMarks(manager: EntityManager, marks: Mark[], context: MarkContext): Promise<void> {
    const personIds = marks.map((m) => m.personId);
    const existing = new Map(
      (await manager.find(AttendanceRecord, { where: { sessionId: context.sessionId, personId: In(personIds) } })).map((r) => [r.personId, r]),
    );
    const bookings = new Map(
      (await manager.find(Booking, { where: { sessionId: context.sessionId, personId: In(personIds), status: 'confirmed' } })).map((b) => [
        b.personId,
        b,
      ]),
    );
    await assertWalkInsMayJoin(manager, marks, (personId) => existing.has(personId) || bookings.has(personId));
    const changed = marks.filter((mark) => existing.get(mark.personId)?.status !== mark.status);
    if (changed.length === 0) return;

    const newRecords = changed
      .filter((mark) => !existing.has(mark.personId))
      .map((mark) => {
        const bookingId = bookings.get(mark.personId)?.id ?? null;
        return manager.create(AttendanceRecord, {
          sessionId: context.sessionId,
          personId: mark.personId,
          bookingId,
          walkIn: bookingId === null,
          status: mark.status,
          recordedById: context.changedById,
          recordedAt: context.now,
        });
      });
    if (newRecords.length > 0) await manager.insert(AttendanceRecord, newRecords);
    for (const status of new Set(changed.filter((mark) => existing.has(mark.personId)).map((mark) => mark.status))) {
      const ids = changed.filter((mark) => mark.status === status && existing.has(mark.personId)).map((mark) => existing.get(mark.personId)!.id);
      await manager.update(AttendanceRecord, { id: In(ids) }, { status, recordedById: context.changedById, recordedAt: context.now });
    }
    await manager.insert(
      AttendanceChange,
      changed.map((mark) =>
        manager.create(AttendanceChange, {
          sessionId: context.sessionId,
          personId: mark.personId,
          oldStatus: existing.get(mark.personId)?.status ?? null,
          newStatus: mark.status,
          source: context.source,
          walkIn: !existing.has(mark.personId) && !bookings.has(mark.personId),
          changedById: context.changedById,
          changedAt: context.now,
        }),
      ),
    );
  }
}

/** Every confirmed booking, plus every record (walk-ins, and people whose booking was later cancelled). */
async function loadRegister(manager: EntityManager, sessionId: string): Promise<RegisterDto> {
  const bookings = await manager.find(Booking, { where: { sessionId, status: 'confirmed' }, relations: { person: true } });
  const records = await manager.find(AttendanceRecord, { where: { sessionId }, relations: { person: true } });
  const entries = new Map<string, RegisterEntryDto>();
  for (const booking of bookings) {
    entries.set(booking.personId, { personId: booking.personId, name: booking.person?.name ?? null, bookingId: booking.id, status: null, walkIn: false });
  }
  for (const record of records) {
    const entry = entries.get(record.personId);
    entries.set(record.personId, {
      personId: record.personId,
      name: record.person?.name ?? null,
      bookingId: entry?.bookingId ?? record.bookingId,
      status: record.status,
      walkIn: record.walkIn,
    });
  }
  return { sessionId, records: [...entries.values()].sort(byName) };
}

/** A walk-in must be a known person who is active and not erased. */
async function assertWalkInsMayJoin(manager: EntityManager, marks: Mark[], onRegister: (personId: string) => boolean): Promise<void> {
  const walkInIds = marks.map((m) => m.personId).filter((id) => !onRegister(id));
  if (walkInIds.length === 0) return;
  const people = new Map((await manager.find(Person, { where: { id: In(walkInIds) } })).map((p) => [p.id, p]));
  const errors: FieldError[] = [];
  marks.forEach((mark, index) => {
    if (onRegister(mark.personId)) return;
    const person = people.get(mark.personId);
    if (!person) errors.push({ field: `records.${index}.personId`, message: 'no such person' });
    else if (!person.active || person.erasedAt) errors.push({ field: `records.${index}.personId`, message: 'is not active: cannot be added as a walk-in' });
  });
  if (errors.length > 0) {
    throw new BusinessRuleError('walk-in-refused', 'Only active people can be added to a register as walk-ins.', errors);
  }
}

async function namesOf(manager: EntityManager, personIds: string[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return new Map();
  const people = await manager.find(Person, { where: { id: In(ids) }, select: { id: true, name: true } });
  return new Map(people.map((p) => [p.id, p.name]));
}

function byName(a: RegisterEntryDto, b: RegisterEntryDto): number {
  if (a.name !== b.name) {
    if (a.name === null) return 1;
    if (b.name === null) return -1;
    const order = a.name.localeCompare(b.name, 'en-GB');
    if (order !== 0) return order;
  }
  return a.personId.localeCompare(b.personId);
}
