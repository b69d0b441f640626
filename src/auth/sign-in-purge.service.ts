import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { IsNull, LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { PeriodicTask } from '../notifications/periodic-task';
import { redactSignInMail } from '../notifications/sign-in-mail-redaction';
import { AuthToken } from './auth-token.entity';
import { MagicLinkRequest } from './magic-link-request.entity';
import { MAGIC_LINK_RATE_LIMITS, MAGIC_LINK_TTL_MS, TOKEN_EXCHANGE_RATE_LIMITS } from './magic-link-policy';
import { TokenExchangeFailure } from './token-exchange-failure.entity';

/** How often each instance purges (real time); what goes is decided by the Clock. */
const PURGE_INTERVAL_MS = 10 * 60_000;

/**
 * Used, expired and revoked sign-in tokens are kept this long, to answer questions about a
 * recent sign-in. Longer than MAGIC_LINK_MAIL_LIMITS.windowMs, whose count reads magic tokens.
 */
export const SPENT_TOKEN_GRACE_MS = 24 * 3600_000;

export interface SignInPurgeSummary {
  redactedMail: number;
  deletedTokens: number;
  deletedRequests: number;
  deletedFailures: number;
}

/**
 * Removes sign-in secrets and counters that nothing needs any more: the link in sign-in e-mails
 * once sent or expired, magic and access tokens a day after they stopped working, and rate-limit
 * rows that left their window. Runs at start-up and every 10 minutes in every instance; each
 * step is an idempotent statement, so instances running it together do no harm.
 */
@Injectable()
export class SignInPurge implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SignInPurge.name);
  private readonly task: PeriodicTask;

  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {
    this.task = new PeriodicTask('sign-in purge', PURGE_INTERVAL_MS, () => this.purge(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  async purge(): Promise<SignInPurgeSummary> {
    const now = this.clock.now();
    const before = (milliseconds: number) => new Date(now.getTime() - milliseconds);
    const summary = await this.transactions.run(async (manager) => {
      const redactedMail = await redactSignInMail(manager, now, before(MAGIC_LINK_TTL_MS));
      const spentBefore = before(SPENT_TOKEN_GRACE_MS);
      const tokens = await manager
        .createQueryBuilder()
        .delete()
        .from(AuthToken)
        .where(`kind IN ('magic', 'access')`)
        .andWhere('("expiresAt" < :spentBefore OR "usedAt" < :spentBefore OR "revokedAt" < :spentBefore)', { spentBefore })
        .execute();
      const requests = await manager.delete(MagicLinkRequest, {
        pendingPersonId: IsNull(),
        createdAt: LessThan(before(MAGIC_LINK_RATE_LIMITS.windowMs)),
      });
      const failures = await manager.delete(TokenExchangeFailure, { createdAt: LessThan(before(TOKEN_EXCHANGE_RATE_LIMITS.windowMs)) });
      return {
        redactedMail,
        deletedTokens: tokens.affected ?? 0,
        deletedRequests: requests.affected ?? 0,
        deletedFailures: failures.affected ?? 0,
      };
    });
    if (Object.values(summary).some((count) => count > 0)) this.logger.debug(`purged ${JSON.stringify(summary)}`);
    return summary;
  }
}

