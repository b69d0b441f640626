import { Injectable } from '@nestjs/common';
import { EntityManager, FindOptionsWhere, In } from 'typeorm';
import { hasRole, type Actor } from '../auth/actor';
import { AuthToken } from '../auth/auth-token.entity';
import { Clock } from '../common/clock';
import { ForbiddenError } from '../common/domain-error';
import type { Page } from '../common/pagination.dto';
import { Course } from '../courses/course.entity';
import type { SqlQuery } from '../database/sqlite-bulk-connection';
import { Transactions } from '../database/transactions';
import { Organisation } from '../organisations/organisation.entity';
import { Person } from '../people/person.entity';
import { AUDIT_ACTION_SUBJECTS, type AuditAction, type AuditDetails } from './audit-actions';
import { AuditEvent } from './audit-event.entity';
import type { AuditEventDto, AuditPersonDto, ListAuditEventsQueryDto } from './dto/audit-event.dto';
import { timeOrderedId } from './time-ordered-id';

/** The log of changes made to people, imports, organisations, courses and API tokens. */
@Injectable()
export class AuditService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /**
   * Records a change inside the transaction that makes it, so the log holds exactly the changes
   * that were committed. `subjectId` names the person, organisation, course or token changed.
   */
  async record(manager: EntityManager, actor: Actor | null, action: AuditAction, subjectId: string | null, details: AuditDetails = {}): Promise<void> {
    await manager.insert(AuditEvent, this.eventOf(actor, action, subjectId, details));
  }

  /** As record, inside a bulk unit of work (Transactions.runBulk), which hands out a query function. */
  async recordInBulk(query: SqlQuery, actor: Actor | null, action: AuditAction, subjectId: string | null, details: AuditDetails = {}): Promise<void> {
    const { dataSource } = this.transactions;
    const metadata = dataSource.getMetadata(AuditEvent);
    const driver = dataSource.driver;
    const event = this.eventOf(actor, action, subjectId, details);
    const columns = metadata.columns;
    const parameters = columns.map((column) => driver.preparePersistentValue(event[column.propertyName as keyof AuditEvent], column));
    const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
    const placeholders = columns.map((_, index) => driver.createParameter(`p${index}`, index)).join(', ');
    await query(`INSERT INTO ${driver.escape(metadata.tableName)} (${names}) VALUES (${placeholders})`, parameters);
  }

  private eventOf(actor: Actor | null, action: AuditAction, subjectId: string | null, details: AuditDetails): AuditEvent {
    const now = this.clock.now();
    return {
      id: timeOrderedId(now),
      occurredAt: now,
      actorId: actor?.personId ?? null,
      action,
      subjectType: AUDIT_ACTION_SUBJECTS[action],
      subjectId,
      details,
    };
  }

  /** Newest first, each person named as they are now (an erased person has no name). Admins only. */
  list(actor: Actor, query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    if (!hasRole(actor, 'admin')) throw new ForbiddenError('Only admins may read the audit log.');
    return this.transactions.read(async (manager) => {
      const [events, total] = await manager.findAndCount(AuditEvent, {
        where: { ...(query.action ? { action: query.action } : {}), ...(query.subjectId ? { subjectId: query.subjectId } : {}) },
        order: { occurredAt: 'DESC', id: 'DESC' },
        skip: query.offset,
        take: query.limit,
      });
      return { items: await describeEvents(manager, events), total };
    });
  }
}

/** The events with the current names of everyone and everything they refer to, in a few queries. */
async function describeEvents(manager: EntityManager, events: AuditEvent[]): Promise<AuditEventDto[]> {
  const idsOf = (type: AuditEvent['subjectType']) => [...new Set(events.filter((e) => e.subjectType === type && e.subjectId).map((e) => e.subjectId!))];
  const tokens = await findByIds(manager, AuthToken, idsOf('api-token'));
  const personIds = [
    ...events.map((event) => event.actorId),
    ...idsOf('person'),
    ...[...tokens.values()].map((token) => token.personId),
  ].filter((id): id is string => id !== null);
  const people = await findByIds(manager, Person, [...new Set(personIds)]);
  const courses = await findByIds(manager, Course, idsOf('course'));
  const organisations = await findByIds(manager, Organisation, idsOf('organisation'));
  const personRef = (id: string): AuditPersonDto => ({ id, name: people.get(id)?.name ?? null });

  return events.map((event) => {
    const id = event.subjectId;
    const token = id ? tokens.get(id) : undefined;
    const name =
      id === null
        ? null
        : event.subjectType === 'person'
          ? (people.get(id)?.name ?? null)
          : event.subjectType === 'course'
            ? (courses.get(id)?.title ?? null)
            : event.subjectType === 'organisation'
              ? (organisations.get(id)?.name ?? null)
              : (token?.name ?? null);
    return {
      id: event.id,
      occurredAt: event.occurredAt,
      action: event.action,
      actor: event.actorId ? personRef(event.actorId) : null,
      subject: {
        type: event.subjectType,
        id,
        name,
        ...(event.subjectType === 'api-token' ? { holder: token ? personRef(token.personId) : null } : {}),
      },
      details: event.details,
    };
  });
}

async function findByIds<T extends { id: string }>(manager: EntityManager, entity: new () => T, ids: string[]): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  const rows = await manager.findBy(entity, { id: In(ids) } as FindOptionsWhere<T>);
  return new Map(rows.map((row) => [row.id, row]));
}
