import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, MoreThan } from 'typeorm';
import { Clock } from '../common/clock';
import { RateLimitedError } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { PersonDto } from '../people/dto/person.dto';
import { Person } from '../people/person.entity';
import type { Actor } from './actor';
import { AuthToken } from './auth-token.entity';
import { InvalidSignInTokenError } from './auth.errors';
import { CredentialCache } from './credential-cache';
import { CredentialsService } from './credentials.service';
import { MagicLinkIssuer } from './magic-link-issuer.service';
import { MagicLinkRequest } from './magic-link-request.entity';
import { MAGIC_LINK_RATE_LIMITS, retryAfterSeconds, sameSitePath, TOKEN_EXCHANGE_RATE_LIMITS } from './magic-link-policy';
import { hashSecret } from './secrets';
import { TokenExchangeFailure } from './token-exchange-failure.entity';

export interface SignedInSession {
  accessToken: string;
  expiresAt: Date;
  person: PersonDto;
}

/** Advisory-lock namespaces (PostgreSQL) that serialise the rate-limit checks of one client. */
const REQUEST_CLIENT_LOCK = 71_002;
const EXCHANGE_CLIENT_LOCK = 71_005;

/** Magic-link sign-in: request a link, exchange it once for an access token, sign out. */
@Injectable()
export class SignInService {
  constructor(
    private readonly transactions: Transactions,
    private readonly credentials: CredentialsService,
    private readonly issuer: MagicLinkIssuer,
    private readonly clock: Clock,
    private readonly credentialCache: CredentialCache,
  ) {}

  /**
   * Asks for a one-time link to be e-mailed to a known, active person. The request is only
   * recorded here, the same way for any address; the MagicLinkIssuer sends the link after the
   * answer, so the caller learns nothing about the address, not even from the time taken.
   * `next`, when a same-site path, is where the link leads after sign-in. Throws
   * RateLimitedError when this client has asked too often.
   */
  async requestMagicLink(email: string, clientAddress: string, options: { next?: string } = {}): Promise<void> {
    const emailKey = email.trim().toLowerCase();
    await this.recordRequest(clientAddress, options.next, () => Promise.resolve(emailKey));
  }

  /**
   * "Send me a new link" from an expired or used one: a fresh link goes to the address the old
   * one was sent to, under the same limits as any request. An unknown link sends nothing, and
   * the caller cannot tell the difference.
   */
  async requestReplacementLink(oldSecret: string, clientAddress: string, options: { next?: string } = {}): Promise<void> {
    if (oldSecret === '' || oldSecret.length > 200) return;
    const tokenHash = hashSecret(oldSecret);
    await this.recordRequest(clientAddress, options.next, async (manager) => {
      const token = await manager.findOne(AuthToken, { where: { tokenHash, kind: 'magic' }, relations: { person: true } });
      // An unknown link counts under a key of its own, which no person's address can equal.
      return token?.person?.emailKey ?? `unknown-link:${tokenHash}`;
    });
  }

  /**
   * Trades a magic token for an access token; the conditional update lets exactly one exchange
   * win. With the client's address, failed exchanges are counted and limited per client.
   */
  async exchangeMagicToken(secret: string, clientAddress?: string): Promise<SignedInSession> {
    const clientHash = clientAddress === undefined ? null : hashSecret(`client:${clientAddress}`);
    const session = await this.transactions.run(async (manager) => {
      const now = this.clock.now();
      if (clientHash) await this.enforceExchangeLimit(manager, clientHash, now);
      const tokenHash = hashSecret(secret);
      const claimed = await manager.update(
        AuthToken,
        { tokenHash, kind: 'magic', usedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(now) },
        { usedAt: now },
      );
      if (claimed.affected !== 1) {
        // Returned, not thrown: the failure is committed so that it counts.
        if (clientHash) await manager.insert(TokenExchangeFailure, { clientHash, createdAt: now });
        return null;
      }

      const magic = await manager.findOneByOrFail(AuthToken, { tokenHash });
      const person = await manager.findOneBy(Person, { id: magic.personId, erasedAt: IsNull(), active: true });
      if (!person) throw new InvalidSignInTokenError();
      const { secret: accessToken, token } = await this.credentials.issue(manager, person.id, 'access', {
        ttlMs: this.credentials.accessTokenTtlMs,
      });
      return { accessToken, expiresAt: token.expiresAt!, person: PersonDto.from(person) };
    });
    if (!session) throw new InvalidSignInTokenError();
    return session;
  }

  /** Whether a magic link would still sign someone in; reading it does not use it up. */
  async isMagicTokenUsable(secret: string): Promise<boolean> {
    if (secret === '' || secret.length > 200) return false;
    const tokenHash = hashSecret(secret);
    const token = await this.transactions.read((manager) => manager.findOneBy(AuthToken, { tokenHash, kind: 'magic' }));
    return !!token && !token.usedAt && !token.revokedAt && !!token.expiresAt && token.expiresAt.getTime() > this.clock.now().getTime();
  }

  /** Revokes the token the caller signed in with (access or API token alike). */
  async signOut(actor: Actor): Promise<void> {
    try {
      await this.transactions.run((manager) =>
        manager.update(AuthToken, { id: actor.tokenId, revokedAt: IsNull() }, { revokedAt: this.clock.now() }),
      );
    } finally {
      this.credentialCache.forgetToken(actor.tokenId);
    }
  }

  /**
   * The whole of a link request while the caller waits: the same statements whether or not the
   * address belongs to anyone. The issuer, woken after commit, does the rest.
   */
  private async recordRequest(
    clientAddress: string,
    next: string | undefined,
    addressOf: (manager: EntityManager) => Promise<string>,
  ): Promise<void> {
    await this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const emailKey = await addressOf(manager);
      const request = { addressHash: hashSecret(`address:${emailKey}`), clientHash: hashSecret(`client:${clientAddress}`) };
      await this.enforceRequestLimits(manager, request, now);
      const person = await manager.findOne(Person, { select: { id: true }, where: { emailKey, erasedAt: IsNull(), active: true } });
      await manager.insert(MagicLinkRequest, { ...request, pendingPersonId: person?.id ?? null, next: sameSitePath(next), createdAt: now });
    });
    this.issuer.wake();
  }

  private async enforceRequestLimits(
    manager: EntityManager,
    request: { addressHash: string; clientHash: string },
    now: Date,
  ): Promise<void> {
    const { windowMs, perClient, perClientAndAddress } = MAGIC_LINK_RATE_LIMITS;
    if (this.transactions.dialect === 'postgres') {
      // Both counts are of this client's rows: its lock keeps count-then-insert whole across
      // instances. SQLite already serialises writers.
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REQUEST_CLIENT_LOCK, request.clientHash]);
    }
    const since = new Date(now.getTime() - windowMs);
    const recent = async (where: { clientHash: string; addressHash?: string }, limit: number) =>
      (
        await manager.find(MagicLinkRequest, {
          select: { id: true, createdAt: true },
          where: { ...where, createdAt: MoreThan(since) },
          order: { createdAt: 'DESC' },
          take: limit,
        })
      ).map((row) => row.createdAt);
    const waits = [
      retryAfterSeconds(await recent({ clientHash: request.clientHash }, perClient), perClient, windowMs, now),
      retryAfterSeconds(await recent(request, perClientAndAddress), perClientAndAddress, windowMs, now),
    ].filter((wait): wait is number => wait !== null);
    if (waits.length > 0) {
      throw new RateLimitedError('Too many sign-in link requests from this network. Try again later.', Math.max(...waits));
    }
  }

  private async enforceExchangeLimit(manager: EntityManager, clientHash: string, now: Date): Promise<void> {
    const { windowMs, failuresPerClient } = TOKEN_EXCHANGE_RATE_LIMITS;
    if (this.transactions.dialect === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [EXCHANGE_CLIENT_LOCK, clientHash]);
    }
    const failures = await manager.find(TokenExchangeFailure, {
      where: { clientHash, createdAt: MoreThan(new Date(now.getTime() - windowMs)) },
      order: { createdAt: 'DESC' },
      take: failuresPerClient,
    });
    const wait = retryAfterSeconds(
      failures.map((failure) => failure.createdAt),
      failuresPerClient,
      windowMs,
      now,
    );
    if (wait !== null) throw new RateLimitedError('Too many sign-in links that did not work from this network. Try again later.', wait);
  }
}
