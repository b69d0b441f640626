import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { OutboxMessage } from './outbox-message.entity';

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
}

/** Writes mail into the outbox inside the caller's transaction; the dispatcher delivers it. */
@Injectable()
export class OutboxService {
  constructor(private readonly clock: Clock) {}

  async enqueue(manager: EntityManager, mail: OutgoingMail): Promise<void> {
    const now = this.clock.now();
    await manager.insert(OutboxMessage, {
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
      nextAttemptAt: now,
      lockedUntil: null,
      lastError: null,
      sentAt: null,
      createdAt: now,
    });
  }
}
