import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { Clock } from '../common/clock';
import { RateLimitedError } from '../common/domain-error';
import { Environment } from '../config/environment';
import { Transactions } from '../database/transactions';
import { AccountMailer } from '../notifications/account-mailer.service';
import { PersonDto } from '../people/dto/person.dto';
import { Person } from '../people/person.entity';
import type { Actor } from './actor';
import { AuthToken } from './auth-token.entity';
import { InvalidSignInTokenError } from './auth.errors';
import { CredentialsService } from './credentials.service';
import { MagicLinkRequest } from './magic-link-request.entity';
import { MAGIC_LINK_RATE_LIMITS, MAGIC_LINK_TTL_MS, retryAfterSeconds } from './magic-link-policy';
import { hashSecret } from './secrets';

export interface SignedInSession {
  accessToken: string;
  expiresAt: Date;
  person: PersonDto;
}

/** Advisory-lock namespaces (PostgreSQL) that serialise rate-limit checks per address and per client. */
const ADDRESS_LOCK = 71_001;
const CLIENT_LOCK = 71_002;

/**
 * Where the e-mailed link points: the callback page, and the page to return to afterwards when
 * that is a path on this site (never "//host", which browsers read as another site).
 */
export function magicLinkAddress(publicUrl: string, secret: string, next?: string): string {
  const link = `${publicUrl}/auth/callback?token=${encodeURIComponent(secret)}`;
  const sameSite = next !== undefined && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\');
  return sameSite ? `${link}&next=${encodeURIComponent(next)}` : link;
}

/** Magic-link sign-in: request a link, exchange it once for an access token, sign out. */
@Injectable()
export class SignInService {
  constructor(
    private readonly transactions: Transactions,
    private readonly credentials: CredentialsService,
    private readonly mailer: AccountMailer,
    private readonly clock: Clock,
    private readonly environment: Environment,
  ) {}

  /**
   * Sends a one-time link to a known, active person. Unknown addresses take the same path up
   * to the point of sending, and the caller learns nothing either way.
   */
  async requestMagicLink(email: string, clientAddress: string, options: { next?: string } = {}): Promise<void> {
    const emailKey = email.trim().toLowerCase();
    await this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const request = { addressHash: hashSecret(`address:${emailKey}`), clientHash: hashSecret(`client:${clientAddress}`) };
      await this.enforceRateLimits(manager, request, now);
      await manager.insert(MagicLinkRequest, { ...request, createdAt: now });

      const person = await manager.findOneBy(Person, { emailKey, erasedAt: IsNull(), active: true });
      if (!person) return;
      const { secret, token } = await this.credentials.issue(manager, person.id, 'magic', { ttlMs: MAGIC_LINK_TTL_MS });
      const link = magicLinkAddress(this.environment.publicUrl, secret, options.next);
      await this.mailer.magicLink(manager, person, link, token.expiresAt!);
    });
  }

  /** Trades a magic token for an access token; the conditional update lets exactly one exchange win. */
  async exchangeMagicToken(secret: string): Promise<SignedInSession> {
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const tokenHash = hashSecret(secret);
      const claimed = await manager.update(
        AuthToken,
        { tokenHash, kind: 'magic', usedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(now) },
        { usedAt: now },
      );
      if (claimed.affected !== 1) throw new InvalidSignInTokenError();

      const magic = await manager.findOneByOrFail(AuthToken, { tokenHash });
      const person = await manager.findOneBy(Person, { id: magic.personId, erasedAt: IsNull(), active: true });
      if (!person) throw new InvalidSignInTokenError();
      const { secret: accessToken, token } = await this.credentials.issue(manager, person.id, 'access', {
        ttlMs: this.credentials.accessTokenTtlMs,
      });
      return { accessToken, expiresAt: token.expiresAt!, person: PersonDto.from(person) };
    });
  }

  /** Whether a magic link would still sign someone in; reading it does not use it up. */
  async isMagicTokenUsable(secret: string): Promise<boolean> {
    if (secret === '' || secret.length > 200) return false;
    const token = await this.transactions.dataSource.getRepository(AuthToken).findOneBy({ tokenHash: hashSecret(secret), kind: 'magic' });
    return !!token && !token.usedAt && !token.revokedAt && !!token.expiresAt && token.expiresAt.getTime() > this.clock.now().getTime();
  }

  /**
   * "Send me a new link" from an expired or used one: a fresh link goes to the address the old
   * one was sent to, under the same limits as any request. An unknown link sends nothing, and
   * the caller cannot tell the difference.
   */
  async requestReplacementLink(oldSecret: string, clientAddress: string, options: { next?: string } = {}): Promise<void> {
    if (oldSecret === '' || oldSecret.length > 200) return;
    const token = await this.transactions.dataSource.getRepository(AuthToken).findOne({
      where: { tokenHash: hashSecret(oldSecret), kind: 'magic' },
      relations: { person: true },
    });
    if (!token?.person?.email) return;
    await this.requestMagicLink(token.person.email, clientAddress, options);
  }

  /** Revokes the token the caller signed in with (access or API token alike). */
  async signOut(actor: Actor): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(AuthToken, { id: actor.tokenId, revokedAt: IsNull() }, { revokedAt: this.clock.now() }),
    );
  }

  private async enforceRateLimits(
    manager: EntityManager,
    request: { addressHash: string; clientHash: string },
    now: Date,
  ): Promise<void> {
    const { windowMs, perAddress, perClient } = MAGIC_LINK_RATE_LIMITS;
    if (this.transactions.dialect === 'postgres') {
      // Count-then-insert must not interleave between instances; SQLite already serialises writers.
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ADDRESS_LOCK, request.addressHash]);
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CLIENT_LOCK, request.clientHash]);
    }
    const since = new Date(now.getTime() - windowMs);
    const recent = async (where: Partial<MagicLinkRequest>, limit: number) =>
      (
        await manager.find(MagicLinkRequest, {
          where: { ...where, createdAt: MoreThan(since) },
          order: { createdAt: 'DESC' },
          take: limit,
        })
      ).map((row) => row.createdAt);
    const waits = [
      retryAfterSeconds(await recent({ addressHash: request.addressHash }, perAddress), perAddress, windowMs, now),
      retryAfterSeconds(await recent({ clientHash: request.clientHash }, perClient), perClient, windowMs, now),
    ].filter((wait): wait is number => wait !== null);
    if (waits.length > 0) {
      throw new RateLimitedError('Too many sign-in link requests. Try again later.', Math.max(...waits));
    }
    // Rows that left the window count for nothing; drop this caller's, keeping the table small.
    await manager.delete(MagicLinkRequest, { addressHash: request.addressHash, createdAt: LessThanOrEqual(since) });
    await manager.delete(MagicLinkRequest, { clientHash: request.clientHash, createdAt: LessThanOrEqual(since) });
  }
}
