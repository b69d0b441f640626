import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, MoreThan } from 'typeorm';
import { hasRole, type Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/domain-error';
import { Page, PaginationQueryDto } from '../common/pagination.dto';
import type { SqlQuery } from '../database/sqlite-bulk-connection';
import { Transactions } from '../database/transactions';
import { ListOutboxQueryDto } from './dto/list-outbox-query.dto';
import { MailDeliveryDto, MailOverviewDto, OutboxMessageDto, RetriedDto } from './dto/outbox-message.dto';
import { BookingMailBatch, BookingMailRenderer, needsRendering } from './booking-mail-renderer';
import { MailTransport } from './mail-transport';
import { MAIL_PRIORITY, MailPriority, OutboxMessage } from './outbox-message.entity';

/** Messages waiting for another attempt after a failed one, as the mail page lists them. */
const DELAYED_SHOWN = 50;

export interface OutgoingMail {
  kind: string;
  recipient: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** Enqueue at most once under this key (reminders). */
  dedupeKey?: string;
  sessionId?: string;
  personId?: string;
  /** Default MAIL_PRIORITY.normal. */
  priority?: MailPriority;
}

/** Writes mail into the outbox inside the caller's transaction; the dispatcher delivers it. */
@Injectable()
export class OutboxService {
  constructor(
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly transport: MailTransport,
    private readonly renderer: BookingMailRenderer,
  ) {}

  /**
   * With a dedupeKey, a second enqueue under the same key does nothing (ON CONFLICT DO NOTHING
   * on both databases): two instances scanning at once still write one row, and the
   * transaction is not aborted by a unique violation.
   */
  async enqueue(manager: EntityManager, mail: OutgoingMail): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values(this.rowOf(mail, this.clock.now()))
      .orIgnore(mail.dedupeKey !== undefined)
      .execute();
  }

  /**
   * Messages without dedupe keys in one INSERT through `query`, the connection of a bulk unit of
   * work (Transactions.runBulk, whose SQLite side has no EntityManager): an import's welcome
   * e-mails, in its own transaction. Values are converted as TypeORM converts them; keep
   * batches to a few hundred messages, within both databases' bound-parameter limits.
   */
  async enqueueMany(query: SqlQuery, mails: OutgoingMail[]): Promise<void> {
    if (mails.length === 0) return;
    if (mails.some((mail) => mail.dedupeKey !== undefined)) throw new Error('enqueueMany takes mail without dedupe keys');
    const { dataSource } = this.transactions;
    const metadata = dataSource.getMetadata(OutboxMessage);
    const driver = dataSource.driver;
    const now = this.clock.now();
    const rows = mails.map((mail) => ({ ...this.rowOf(mail, now), id: randomUUID() }));
    const columns = Object.keys(rows[0]).map((property) => metadata.findColumnWithPropertyName(property)!);
    const parameters: unknown[] = [];
    const tuples = rows.map((row) => {
      const placeholders = columns.map((column) => {
        parameters.push(driver.preparePersistentValue(row[column.propertyName as keyof typeof row], column));
        return driver.createParameter(`p${parameters.length - 1}`, parameters.length - 1);
      });
      return `(${placeholders.join(', ')})`;
    });
    const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
    await query(`INSERT INTO ${driver.escape(metadata.tableName)} (${names}) VALUES ${tuples.join(', ')}`, parameters);
  }

  private rowOf(mail: OutgoingMail, now: Date): Partial<OutboxMessage> {
    return {
      kind: mail.kind,
      recipient: mail.recipient,
      subject: mail.subject,
      textBody: mail.textBody,
      htmlBody: mail.htmlBody,
      calendarMethod: mail.calendar?.method ?? null,
      calendarContent: mail.calendar?.content ?? null,
      dedupeKey: mail.dedupeKey ?? null,
      sessionId: mail.sessionId ?? null,
      personId: mail.personId ?? null,
      status: 'pending',
      attempts: 0,
      priority: mail.priority ?? MAIL_PRIORITY.normal,
      nextAttemptAt: now,
      lockedUntil: null,
      lastError: null,
      sentAt: null,
      createdAt: now,
    };
  }

  /** Drops a message that is no longer true (a reminder for a booking just cancelled), unless it is already being sent. */
  async withdrawPending(manager: EntityManager, dedupeKey: string): Promise<void> {
    const now = this.clock.now();
    await manager
      .createQueryBuilder()
      .delete()
      .from(OutboxMessage)
      .where(`"dedupeKey" = :dedupeKey AND status = 'pending'`, { dedupeKey })
      .andWhere('("lockedUntil" IS NULL OR "lockedUntil" < :now)', { now })
      .execute();
  }

  /** Admin view of the outbox, newest first. */
  async list(actor: Actor, query: ListOutboxQueryDto): Promise<Page<OutboxMessageDto>> {
    assertAdmin(actor);
    return this.transactions.read(async (manager) => {
      const [rows, total] = await manager.findAndCount(OutboxMessage, {
        where: query.status ? { status: query.status } : {},
        order: { createdAt: 'DESC', id: 'ASC' },
        take: query.limit,
        skip: query.offset,
      });
      return { items: await this.describe(manager, rows), total };
    });
  }

  /** Outbox rows as admins see them: booking events' subjects rendered, in one read for the page. */
  private async describe(manager: EntityManager, rows: OutboxMessage[]): Promise<OutboxMessageDto[]> {
    const bookingMail = rows.some(needsRendering) ? await this.renderer.load(manager, rows) : null;
    return rows.map((row) => toDto(row, bookingMail));
  }

  /** Puts a failed message back in the queue with a fresh set of attempts. */
  async retry(actor: Actor, id: string): Promise<OutboxMessageDto> {
    assertAdmin(actor);
    return this.transactions.run(async (manager) => {
      const message = await manager.findOne(OutboxMessage, { where: { id }, lock: this.transactions.dialect === 'postgres' ? { mode: 'pessimistic_write' } : undefined });
      if (!message) throw new NotFoundError('Outbox message');
      if (message.status !== 'failed') {
        throw new ConflictError('outbox-not-failed', `Only failed messages can be retried; this one is ${message.status}.`);
      }
      Object.assign(message, { status: 'pending', attempts: 0, nextAttemptAt: this.clock.now(), lockedUntil: null });
      await manager.save(message);
      const [dto] = await this.describe(manager, [message]);
      return dto;
    });
  }

  /** Puts every failed message back in the queue, as retry does for one; answers how many. */
  async retryAllFailed(actor: Actor): Promise<RetriedDto> {
    assertAdmin(actor);
    return this.transactions.run(async (manager) => {
      const { affected } = await manager.update(
        OutboxMessage,
        { status: 'failed' },
        { status: 'pending', attempts: 0, nextAttemptAt: this.clock.now(), lockedUntil: null },
      );
      return { retried: affected ?? 0 };
    });
  }

  /**
   * How mail is getting out: whether the SMTP server answers now (a check of a few seconds at
   * most), when a message last went, and how many have failed, are delayed after a failed
   * attempt, or wait for their first.
   */
  async delivery(actor: Actor): Promise<MailDeliveryDto> {
    assertAdmin(actor);
    const [connection, counts] = await Promise.all([
      this.transport.checkConnection(),
      this.transactions.read(async (manager) => {
        const last = await manager.findOne(OutboxMessage, { select: { id: true, sentAt: true }, where: { status: 'sent' }, order: { sentAt: 'DESC' } });
        const grouped = await manager
          .createQueryBuilder(OutboxMessage, 'message')
          .select(`CASE WHEN message.status = 'pending' AND message.attempts > 0 THEN 'delayed' ELSE message.status END`, 'state')
          .addSelect('COUNT(*)', 'count')
          .groupBy('state')
          .getRawMany<{ state: string; count: string | number }>();
        const count = (state: string) => Number(grouped.find((row) => row.state === state)?.count ?? 0);
        return {
          lastSentAt: last?.sentAt ?? null,
          failed: count('failed'),
          delayed: count('delayed'),
          waiting: count('pending'),
        };
      }),
    ]);
    return { ...connection, checkedAt: this.clock.now(), ...counts };
  }

  /**
   * The mail page: the delivery state, a page of the failed messages (newest first) and the
   * messages waiting for a retry after a failed attempt (soonest retry first).
   */
  async overview(actor: Actor, failedPage: PaginationQueryDto): Promise<MailOverviewDto> {
    const delivery = await this.delivery(actor);
    return this.transactions.read(async (manager) => {
      const [failed, failedTotal] = await manager.findAndCount(OutboxMessage, {
        where: { status: 'failed' },
        order: { createdAt: 'DESC', id: 'ASC' },
        skip: failedPage.offset,
        take: failedPage.limit,
      });
      const [delayed, delayedTotal] = await manager.findAndCount(OutboxMessage, {
        where: { status: 'pending', attempts: MoreThan(0) },
        order: { nextAttemptAt: 'ASC', id: 'ASC' },
        take: DELAYED_SHOWN,
      });
      const [failedItems, delayedItems] = [await this.describe(manager, failed), await this.describe(manager, delayed)];
      return {
        delivery,
        failed: { items: failedItems, total: failedTotal },
        delayed: { items: delayedItems, total: delayedTotal },
      };
    });
  }
}

/** Not stored until sent: a booking event's subject is rendered from its facts when shown. */
function subjectOf(message: OutboxMessage, bookingMail: BookingMailBatch | null): string {
  if (message.subject !== null) return message.subject;
  if (!bookingMail || !needsRendering(message)) return '';
  const outcome = bookingMail.subject(message);
  return 'subject' in outcome ? outcome.subject : `(${outcome.unsendable})`;
}

function assertAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw new ForbiddenError('Only admins may see and retry the outbox.');
}

function toDto(message: OutboxMessage, bookingMail: BookingMailBatch | null): OutboxMessageDto {
  return {
    id: message.id,
    kind: message.kind,
    recipient: message.recipient,
    subject: subjectOf(message, bookingMail),
    status: message.status,
    attempts: message.attempts,
    lastError: message.lastError,
    createdAt: message.createdAt,
    sentAt: message.sentAt,
    nextAttemptAt: message.status === 'pending' ? message.nextAttemptAt : null,
  };
}
