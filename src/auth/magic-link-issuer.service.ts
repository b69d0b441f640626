import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EntityManager, IsNull, MoreThan, Not } from 'typeorm';
import { Clock } from '../common/clock';
import { Environment } from '../config/environment';
import { Transactions } from '../database/transactions';
import { AccountMailer } from '../notifications/account-mailer.service';
import { PeriodicTask } from '../notifications/periodic-task';
import { Person } from '../people/person.entity';
import { AuthToken } from './auth-token.entity';
import { CredentialsService } from './credentials.service';
import { MagicLinkRequest } from './magic-link-request.entity';
import { MAGIC_LINK_MAIL_LIMITS, MAGIC_LINK_TTL_MS, mayEmailNewLink } from './magic-link-policy';

/** PostgreSQL advisory-lock namespace: one person's link requests are handled one at a time. */
const PERSON_LOCK = 71_004;
const BATCH_SIZE = 50;
/** How long after a request's answer its link is issued. */
const WAKE_DELAY_MS = 20;

/** Where the e-mailed link points: the callback page, then `next` (already a same-site path). */
export function magicLinkAddress(publicUrl: string, secret: string, next: string | null): string {
  const link = `${publicUrl}/auth/callback?token=${encodeURIComponent(secret)}`;
  return next === null ? link : `${link}&next=${encodeURIComponent(next)}`;
}

/**
 * Issues and e-mails the links that sign-in requests asked for, after the request has been
 * answered: the answer is then the same work, and the same time, for known and unknown
 * addresses. Woken by each request, and every MAIL_POLL_INTERVAL_MS it also picks up requests
 * that no wake-up reached (a crash between answer and issue, another instance stopping). Any
 * number of instances may run it: a request is handled once, under a per-person lock.
 */
@Injectable()
export class MagicLinkIssuer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MagicLinkIssuer.name);
  private readonly task: PeriodicTask;
  private draining: Promise<number> | undefined;
  private drainAgain = false;
  private stopped = true;

  constructor(
    private readonly transactions: Transactions,
    private readonly credentials: CredentialsService,
    private readonly mailer: AccountMailer,
    private readonly clock: Clock,
    private readonly environment: Environment,
  ) {
    this.task = new PeriodicTask('sign-in link issue', environment.MAIL_POLL_INTERVAL_MS, () => this.issuePending(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.task.start();
  }

  /** Shutdown: no new round starts; the one in progress finishes before the database closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.task.stop();
    await this.draining?.catch(() => undefined);
  }

  /**
   * A request was recorded: handle it shortly. The pause lets its answer leave, and the caller
   * take it, before the known-address work takes the CPU (test/bench/sign-in-timing.bench.ts:
   * issuing at once left known addresses 1-2 ms slower on a busy 2-core machine).
   */
  wake(): void {
    setTimeout(() => {
      if (this.stopped) return;
      this.issuePending().catch((error: unknown) =>
        this.logger.error(`sign-in link issue failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      );
    }, WAKE_DELAY_MS);
  }

  /**
   * Handles every pending request; resolves with how many links were e-mailed. Calls while a
   * round runs join it, and it goes round once more, so what was pending at the call is handled.
   */
  issuePending(): Promise<number> {
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    this.draining = this.drain().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async drain(): Promise<number> {
    let sent = 0;
    do {
      this.drainAgain = false;
      sent += await this.issueBatches();
    } while (this.drainAgain);
    return sent;
  }

  private async issueBatches(): Promise<number> {
    let sent = 0;
    for (;;) {
      const pending = await this.transactions.read((manager) =>
        manager.find(MagicLinkRequest, {
          where: { pendingPersonId: Not(IsNull()) },
          order: { createdAt: 'ASC', id: 'ASC' },
          take: BATCH_SIZE,
        }),
      );
      // One request that cannot be handled must not hold up the ones behind it.
      const failures: unknown[] = [];
      for (const request of pending) {
        try {
          if (await this.handle(request)) sent++;
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0) {
        const first = failures[0] instanceof Error ? (failures[0].stack ?? failures[0].message) : String(failures[0]);
        this.logger.error(`${failures.length} sign-in link request(s) left pending: ${first}`);
      }
      if (pending.length < BATCH_SIZE || failures.length === pending.length) return sent;
    }
  }

  /** E-mails the link if the person may still sign in and the mail limits allow; true if it did. */
  private handle(request: MagicLinkRequest): Promise<boolean> {
    const personId = request.pendingPersonId!;
    return this.transactions.run(async (manager) => {
      if (this.transactions.dialect === 'postgres') {
        await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PERSON_LOCK, personId]);
      }
      // Another instance may have handled it while this one waited for the lock.
      if (!(await manager.existsBy(MagicLinkRequest, { id: request.id, pendingPersonId: personId }))) return false;

      const now = this.clock.now();
      const person = await manager.findOneBy(Person, { id: personId, erasedAt: IsNull(), active: true });
      const send = person !== null && (await this.mayEmail(manager, personId, now));
      if (send) {
        const { secret, token } = await this.credentials.issue(manager, personId, 'magic', { ttlMs: MAGIC_LINK_TTL_MS });
        await this.mailer.magicLink(manager, person, magicLinkAddress(this.environment.publicUrl, secret, request.next), token.expiresAt!);
      }
      // Cleared last: on SQLite's shared connection nothing sees it handled before its mail exists.
      await manager.update(MagicLinkRequest, { id: request.id }, { pendingPersonId: null });
      return send;
    });
  }

  private async mayEmail(manager: EntityManager, personId: string, now: Date): Promise<boolean> {
    const since = new Date(now.getTime() - MAGIC_LINK_MAIL_LIMITS.windowMs);
    const sentInWindow = await manager.countBy(AuthToken, { personId, kind: 'magic', createdAt: MoreThan(since) });
    const hasUsableLink = await manager.existsBy(AuthToken, {
      personId,
      kind: 'magic',
      usedAt: IsNull(),
      revokedAt: IsNull(),
      expiresAt: MoreThan(now),
    });
    return mayEmailNewLink(sentInWindow, hasUsableLink);
  }
}
