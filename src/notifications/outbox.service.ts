import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError } from '../common/domain-error';
import { Page } from '../common/pagination.dto';
import { Transactions } from '../database/transactions';
import { ListOutboxQueryDto } from './dto/list-outbox-query.dto';
import { OutboxMessageDto } from './dto/outbox-message.dto';
import { MAIL_PRIORITY, MailPriority, OutboxMessage } from './outbox-message.entity';

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
  ) {}

  /**
   * With a dedupeKey, a second enqueue under the same key does nothing (ON CONFLICT DO NOTHING
   * on both databases): two instances scanning at once still write one row, and the
   * transaction is not aborted by a unique violation.
   */
  async enqueue(manager: EntityManager, mail: OutgoingMail): Promise<void> {
    const now = this.clock.now();
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values({
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
      })
      .orIgnore(mail.dedupeKey !== undefined)
      .execute();
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
  async list(query: ListOutboxQueryDto): Promise<Page<OutboxMessageDto>> {
    const [rows, total] = await this.transactions.read((manager) =>
      manager.findAndCount(OutboxMessage, {
        where: query.status ? { status: query.status } : {},
        order: { createdAt: 'DESC', id: 'ASC' },
        take: query.limit,
        skip: query.offset,
      }),
    );
    return { items: rows.map(toDto), total };
  }

  /** Puts a failed message back in the queue with a fresh set of attempts. */
  async retry(id: string): Promise<OutboxMessageDto> {
    return this.transactions.run(async (manager) => {
      const message = await manager.findOne(OutboxMessage, { where: { id }, lock: this.transactions.dialect === 'postgres' ? { mode: 'pessimistic_write' } : undefined });
      if (!message) throw new NotFoundError('Outbox message');
      if (message.status !== 'failed') {
        throw new ConflictError('outbox-not-failed', `Only failed messages can be retried; this one is ${message.status}.`);
      }
      Object.assign(message, { status: 'pending', attempts: 0, nextAttemptAt: this.clock.now(), lockedUntil: null });
      await manager.save(message);
      return toDto(message);
    });
  }
}

function toDto(message: OutboxMessage): OutboxMessageDto {
  return {
    id: message.id,
    kind: message.kind,
    recipient: message.recipient,
    subject: message.subject,
    status: message.status,
    attempts: message.attempts,
    lastError: message.lastError,
    createdAt: message.createdAt,
    sentAt: message.sentAt,
    nextAttemptAt: message.status === 'pending' ? message.nextAttemptAt : null,
  };
}
