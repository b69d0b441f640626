import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { In } from 'typeorm';
import { MAGIC_LINK_TTL_MS } from '../auth/magic-link-policy';
import { Clock } from '../common/clock';
import { Environment } from '../config/environment';
import { Transactions } from '../database/transactions';
import { BookingMailBatch, BookingMailRenderer, needsRendering } from './booking-mail-renderer';
import { classifyDeliveryError, retryDelayMs } from './delivery-policy';
import { MailTransport, PARALLEL_SENDS } from './mail-transport';
import { isRendered, OutboxMessage, RenderedOutboxMessage } from './outbox-message.entity';
import { OutcomeRecorder } from './outcome-recorder';
import { PeriodicTask } from './periodic-task';
import { expiredSignInMail } from './sign-in-mail-redaction';

/** Messages claimed at a time: small, so a sign-in link queued behind a bulk waits for one batch at most. */
const BATCH_SIZE = 20;
/**
 * How long a claim keeps other dispatchers away. Longer than the worst-case send (SMTP
 * timeouts in MailTransport), so only a crashed instance's claims ever expire.
 */
const CLAIM_LEASE_MS = 5 * 60_000;

const DUE = `message.status = 'pending' AND message.nextAttemptAt <= :now AND (message.lockedUntil IS NULL OR message.lockedUntil < :now)`;

export interface DispatchSummary {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Delivers the outbox after commit: every MAIL_POLL_INTERVAL_MS it claims due messages, highest
 * priority first (sign-in links before booking mail), then oldest first, renders booking events
 * from their facts (one read per batch, one message at a time right before its send), sends them
 * PARALLEL_SENDS at a time, records the outcomes (several per transaction when they arrive
 * together) and claims again at once while batches come back full. A claim is a lease in the row
 * (lockedUntil), taken in one statement, so any number of instances can run this loop and none
 * sends a message another has claimed.
 */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MailDispatcher.name);
  private readonly task: PeriodicTask;
  private readonly outcomes: OutcomeRecorder;
  private stopping = false;

  constructor(
    private readonly transactions: Transactions,
    private readonly transport: MailTransport,
    private readonly renderer: BookingMailRenderer,
    private readonly clock: Clock,
    private readonly environment: Environment,
  ) {
    this.outcomes = new OutcomeRecorder(transactions, this.logger);
    this.task = new PeriodicTask('mail dispatch', environment.MAIL_POLL_INTERVAL_MS, () => this.dispatchDue(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.logger.log(`delivering mail by ${this.transport.kind === 'smtp' ? 'SMTP' : `.eml files in ${this.environment.MAIL_DIR}`}`);
    this.task.start();
  }

  /** Shutdown: no new round starts, the send in progress finishes and is recorded. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.task.stop();
    this.transport.close();
  }

  /**
   * One round: claims a batch of due messages and delivers it, and claims the next batch while
   * the last one was full, so a backlog drains without waiting for the next poll. Each claim
   * looks at priorities afresh: a sign-in link queued meanwhile goes out with the next batch.
   * Shutdown ends the round after the batch in hand.
   */
  async dispatchDue(): Promise<DispatchSummary> {
    const summary: DispatchSummary = { sent: 0, retrying: 0, failed: 0 };
    try {
      for (;;) {
        const batch = await this.claimDue();
        const bookingMail = batch.some(needsRendering) ? await this.transactions.read((manager) => this.renderer.load(manager, batch)) : null;
        let retrying = 0;
        await inParallel(batch, PARALLEL_SENDS, async (message) => {
          const outcome = await this.deliver(message, bookingMail);
          summary[outcome]++;
          if (outcome === 'retrying') retrying++;
        });
        // A batch that only met transient failures (the server is down) ends the round: the rest waits for the next poll.
        if (batch.length < BATCH_SIZE || retrying === batch.length || this.stopping) break;
      }
    } finally {
      // The round ends when its outcomes are written: a shutdown must not leave sent messages pending.
      await this.outcomes.flushed();
    }
    if (summary.sent + summary.retrying + summary.failed > 0) {
      this.logger.debug(`sent ${summary.sent}, retrying ${summary.retrying}, failed ${summary.failed}`);
    }
    return summary;
  }

  private async claimDue(): Promise<OutboxMessage[]> {
    const now = this.clock.now();
    const lockedUntil = new Date(now.getTime() + CLAIM_LEASE_MS);
    // A plain read first: an idle loop never takes SQLite's write lock from other instances.
    const anyDue = await this.transactions.read((manager) =>
      manager
        .createQueryBuilder(OutboxMessage, 'message')
        .select('message.id', 'id')
        .where(DUE, { now })
        .limit(1)
        .getRawOne<{ id: string }>(),
    );
    if (!anyDue) return [];
    return this.transactions.run(async (manager) => {
      let ids: string[];
      if (this.transactions.dialect === 'postgres') {
        // SKIP LOCKED: concurrent claimers take different rows instead of queueing behind each other.
        const [rows] = (await manager.query(
          `UPDATE outbox_message SET "lockedUntil" = $1
            WHERE id IN (
              SELECT id FROM outbox_message
               WHERE status = 'pending' AND "nextAttemptAt" <= $2 AND ("lockedUntil" IS NULL OR "lockedUntil" < $2)
               ORDER BY priority DESC, "createdAt", id
               LIMIT $3
               FOR UPDATE SKIP LOCKED)
            RETURNING id`,
          [lockedUntil, now, BATCH_SIZE],
        )) as [Array<{ id: string }>, number];
        ids = rows.map((row) => row.id);
      } else {
        // SQLite: the write transaction (BEGIN IMMEDIATE) already excludes every other claimer.
        // INDEXED BY: SQLite's planner prefers the (status, nextAttemptAt) index and then sorts
        // the whole backlog; the claim-order index hands over the first BATCH_SIZE rows.
        const [sql, parameters] = this.transactions.dataSource.driver.escapeQueryWithParameters(
          `SELECT id FROM outbox_message INDEXED BY "IDX_outbox_message_claim_order"
            WHERE status = 'pending' AND "nextAttemptAt" <= :now AND ("lockedUntil" IS NULL OR "lockedUntil" < :now)
            ORDER BY priority DESC, "createdAt", id
            LIMIT :limit`,
          { now, limit: BATCH_SIZE },
          {},
        );
        const due = (await manager.query(sql, parameters)) as Array<{ id: string }>;
        ids = due.map((row) => row.id);
        if (ids.length > 0) await manager.update(OutboxMessage, { id: In(ids) }, { lockedUntil });
      }
      if (ids.length === 0) return [];
      const messages = await manager.findBy(OutboxMessage, { id: In(ids) });
      return messages.sort((a, b) => b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    }, { outboxOnly: true });
  }

  private async deliver(message: OutboxMessage, bookingMail: BookingMailBatch | null): Promise<keyof DispatchSummary> {
    const attempts = message.attempts + 1;
    // The purge may not have seen it yet (it leaves claimed rows alone): nobody is e-mailed a dead link.
    const expired = expiredSignInMail(message, this.clock.now(), MAGIC_LINK_TTL_MS);
    if (expired) {
      this.outcomes.record(message.id, expired);
      return 'failed';
    }
    let rendered: RenderedOutboxMessage;
    if (needsRendering(message)) {
      // One render per event-loop turn: a batch's rendering never holds up requests for long.
      await nextTurn();
      const outcome = bookingMail!.render(message);
      if ('unsendable' in outcome) {
        this.outcomes.record(message.id, { attempts, status: 'failed', lastError: outcome.unsendable });
        this.logger.warn(`${message.kind} ${message.id}: ${outcome.unsendable}`);
        return 'failed';
      }
      rendered = outcome.message;
    } else if (isRendered(message)) {
      rendered = message;
    } else {
      this.outcomes.record(message.id, { attempts, status: 'failed', lastError: 'not sent: the message has neither a text nor the facts of a booking event' });
      return 'failed';
    }
    try {
      await this.transport.deliver(rendered);
    } catch (error) {
      const failure = classifyDeliveryError(error);
      const giveUp = failure.kind === 'permanent' || attempts >= this.environment.MAIL_MAX_ATTEMPTS;
      const now = this.clock.now();
      this.outcomes.record(message.id, {
        attempts,
        status: giveUp ? 'failed' : 'pending',
        nextAttemptAt: giveUp ? now : new Date(now.getTime() + retryDelayMs(attempts)),
        lastError: failure.message,
      });
      const outcome = giveUp ? 'failed' : 'retrying';
      this.logger.warn(`${message.kind} ${message.id} attempt ${attempts} ${outcome}: ${failure.message}`);
      return outcome;
    }
    this.outcomes.recordSent(message.id, this.clock.now());
    return 'sent';
  }
}

/**
 * Runs `work` for every item, at most `limit` at a time, starting them in order. Waits for all
 * of them even when one fails (a shutdown must not close the transport under a send), then
 * throws the first failure.
 */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
}
