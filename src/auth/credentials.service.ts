import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { Environment } from '../config/environment';
import { hydrated, queryRows } from '../database/raw-sql';
import { Transactions } from '../database/transactions';
import { Person } from '../people/person.entity';
import type { Actor } from './actor';
import { AuthToken, AuthTokenKind } from './auth-token.entity';
import { CredentialCache } from './credential-cache';
import { hashSecret, newSecret } from './secrets';

export const ACCESS_COOKIE = 'tt_session';

/** Issues and checks every kind of credential; secrets are returned once and stored hashed. */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly environment: Environment,
    private readonly cache: CredentialCache,
  ) {}

  /**
   * The actor an access or API token stands for, or null. A token used in the last
   * CREDENTIAL_CACHE_TTL_MS is answered from the cache (see CredentialCache for what that bounds).
   */
  async authenticate(secret: string): Promise<Actor | null> {
    if (secret.length > 200) return null;
    const tokenHash = hashSecret(secret);
    const now = this.clock.now().getTime();
    const cached = this.cache.find(tokenHash, now);
    if (cached) return cached.expiresAt !== null && cached.expiresAt <= now ? null : cached.actor;

    const lookup = this.cache.lookupStarted();
    // Through the read queue: on SQLite's shared connection a plain read could see the rows of a
    // unit of work that is then rolled back (a deactivation, a sign-out).
    const found = await this.transactions.read(async (manager) => {
      // Hand-written and prepared, as the booking's statement is: TypeORM's findOne with the person relation
      // was most of the query-building time left per booking (docs/decisions/2026-12-02-booking-path.md).
      const [row] = await queryRows<Record<string, unknown>>(
        manager,
        'SELECT "t"."id", "t"."kind", "t"."expiresAt", "p"."id" AS "personId", "p"."organisationId", "p"."roles", "p"."active", "p"."erasedAt" ' +
          'FROM "auth_token" "t" INNER JOIN "person" "p" ON "p"."id" = "t"."personId" WHERE "t"."tokenHash" = $1 AND "t"."revokedAt" IS NULL',
        [tokenHash],
        { prepared: true },
      );
      return row && { token: hydrated(manager, AuthToken, row), person: hydrated(manager, Person, { ...row, id: row.personId }) };
    });
    if (!found) return null;
    const { token, person } = found;
    if (token.kind === 'magic') return null;
    if (token.expiresAt && token.expiresAt.getTime() <= now) return null;
    if (person.erasedAt || !person.active) return null;
    const actor = { personId: person.id, organisationId: person.organisationId, roles: person.roles, tokenId: token.id };
    this.cache.remember(tokenHash, actor, token.expiresAt, lookup);
    return actor;
  }

  /** Creates a credential inside the caller's transaction and returns its secret. */
  async issue(
    manager: EntityManager,
    personId: string,
    kind: AuthTokenKind,
    options: { ttlMs?: number; name?: string } = {},
  ): Promise<{ token: AuthToken; secret: string }> {
    const secret = newSecret();
    const now = this.clock.now();
    const token = manager.create(AuthToken, {
      personId,
      kind,
      tokenHash: hashSecret(secret),
      name: options.name ?? null,
      expiresAt: options.ttlMs ? new Date(now.getTime() + options.ttlMs) : null,
      usedAt: null,
      revokedAt: null,
      createdAt: now,
    });
    await manager.save(token);
    return { token, secret };
  }

  get accessTokenTtlMs(): number {
    return this.environment.ACCESS_TOKEN_TTL_HOURS * 3600_000;
  }
}
