import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import { In } from 'typeorm';
import type { Transactions } from '../database/transactions';
import { OutboxMessage } from './outbox-message.entity';

/** Attempts to write one group of outcomes before giving it up to the claims' leases. */
const WRITE_ATTEMPTS = 5;
const RETRY_DELAY_MS = 1000;
/** Ids per UPDATE … WHERE id IN (…): within both databases' bound-parameter limits. */
const IDS_PER_STATEMENT = 500;

type Outcome = { id: string; sentAt: Date } | { id: string; changes: Partial<OutboxMessage> };

/**
 * Writes the dispatcher's delivery outcomes: whatever arrived while the previous write ran goes
 * in one transaction (the sent ones in one UPDATE), so a fast drain costs a commit per group of
 * messages, not per message, and a lone message is still written at once. A row is only changed
 * while pending, so an outcome never overwrites what an admin or another writer did meanwhile.
 * If the database refuses a group for good, the claims' leases expire and the messages go out
 * again: at least once, never lost.
 */
export class OutcomeRecorder {
  private queue: Outcome[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    private readonly transactions: Transactions,
    private readonly logger: LoggerService,
  ) {}

  recordSent(id: string, sentAt: Date): void {
    this.queue.push({ id, sentAt });
    this.startWriting();
  }

  /** Any other outcome: a retry later, or a failure; releases the claim. */
  record(id: string, changes: Partial<OutboxMessage>): void {
    this.queue.push({ id, changes });
    this.startWriting();
  }

  /** Resolves once every outcome recorded so far is written (or given up). */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private startWriting(): void {
    if (this.writing) return;
    this.writing = this.writeAll().finally(() => {
      this.writing = null;
      if (this.queue.length > 0) this.startWriting();
    });
  }

  private async writeAll(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      for (let attempt = 1; ; attempt++) {
        try {
          await this.write(group);
          break;
        } catch (error) {
          if (attempt >= WRITE_ATTEMPTS) {
            this.logger.error(`could not record ${group.length} delivery outcomes; their claims expire and they are sent again: ${String(error)}`);
            break;
          }
          await sleep(RETRY_DELAY_MS);
        }
      }
    }
  }

  private write(group: Outcome[]): Promise<void> {
    const sent = group.filter((outcome): outcome is { id: string; sentAt: Date } => 'sentAt' in outcome);
    const others = group.filter((outcome): outcome is { id: string; changes: Partial<OutboxMessage> } => 'changes' in outcome);
    return this.transactions.run(async (manager) => {
      for (let start = 0; start < sent.length; start += IDS_PER_STATEMENT) {
        const chunk = sent.slice(start, start + IDS_PER_STATEMENT);
        // One time for the group: the messages went out within the previous write's duration of it.
        const sentAt = new Date(Math.max(...chunk.map((outcome) => outcome.sentAt.getTime())));
        await manager.update(
          OutboxMessage,
          { id: In(chunk.map((outcome) => outcome.id)), status: 'pending' },
          { status: 'sent', sentAt, attempts: () => '"attempts" + 1', lockedUntil: null },
        );
      }
      for (const { id, changes } of others) await manager.update(OutboxMessage, { id, status: 'pending' }, { ...changes, lockedUntil: null });
    }, { outboxOnly: true });
  }
}
