import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Environment } from '../config/environment';
import type { Actor } from './actor';

/**
 * At most this many tokens are remembered (a few kilobytes of strings each at most): a flood of
 * distinct tokens evicts older entries instead of growing memory.
 */
export const CREDENTIAL_CACHE_MAX_ENTRIES = 10_000;

export interface CachedCredential {
  /** Frozen: every request with the token shares it. */
  actor: Readonly<Actor>;
  /** When the token itself expires (null: never); checked at each use, not only when read. */
  expiresAt: number | null;
  /** After this the database is asked again: the bound on how long another instance's change goes unseen. */
  staleAt: number;
}

/**
 * Tokens this instance resolved recently, by the SHA-256 of the secret, so that a busy client
 * costs the database nothing per request. Only access and API tokens that resolved to an actor
 * are remembered, for CREDENTIAL_CACHE_TTL_MS; misses and magic links never are. Whatever
 * revokes a token or changes what it resolves to calls forgetToken / forgetPerson once its
 * transaction has ended, so this instance sees it at once; other instances see it once their
 * entry goes stale. Also after a rollback, which costs a lookup and nothing else: lookups
 * never read uncommitted rows (they go through Transactions.read).
 *
 * Every entry lives equally long, so insertion order is staleness order: evicting the first
 * entry drops the one nearest to going stale anyway, and a hit need not reorder anything.
 */
@Injectable()
export class CredentialCache {
  private readonly entries = new Map<string, CachedCredential>();
  private readonly ttlMs: number;
  /**
   * Counts forgets. A lookup that began before a forget may have read the row as it was before
   * the change; it is not remembered (see remember).
   */
  private forgets = 0;

  constructor(
    private readonly clock: Clock,
    environment: Environment,
  ) {
    this.ttlMs = environment.CREDENTIAL_CACHE_TTL_MS;
  }

  /** The entry for this token hash while it is fresh. */
  find(tokenHash: string, now: number): CachedCredential | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.staleAt > now) return entry;
    this.entries.delete(tokenHash);
    return undefined;
  }

  /** Marks the start of a database lookup; pass the mark to remember. */
  lookupStarted(): number {
    return this.forgets;
  }

  /** Remembers what a lookup found, unless something was forgotten since it started. */
  remember(tokenHash: string, actor: Actor, expiresAt: Date | null, lookupMark: number): void {
    if (this.ttlMs === 0 || lookupMark !== this.forgets) return;
    const now = this.clock.now().getTime();
    this.dropStale(now);
    this.entries.delete(tokenHash);
    while (this.entries.size >= CREDENTIAL_CACHE_MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, {
      actor: Object.freeze({ ...actor, roles: Object.freeze([...actor.roles]) as Actor['roles'] }),
      expiresAt: expiresAt?.getTime() ?? null,
      staleAt: now + this.ttlMs,
    });
  }

  /** After a token is revoked (signed out, or an API token revoked). */
  forgetToken(tokenId: string): void {
    this.forget((entry) => entry.actor.tokenId === tokenId);
  }

  /** After a person is deactivated, erased, or their roles or organisation change. */
  forgetPerson(personId: string): void {
    this.forget((entry) => entry.actor.personId === personId);
  }

  /** After a change to many people at once (an HR import). */
  forgetAll(): void {
    this.forgets++;
    this.entries.clear();
  }

  /** A scan: forgetting is rare next to lookups, and the map is bounded. */
  private forget(matches: (entry: CachedCredential) => boolean): void {
    this.forgets++;
    for (const [tokenHash, entry] of this.entries) if (matches(entry)) this.entries.delete(tokenHash);
  }

  /** Stale entries sit at the front, in insertion order. */
  private dropStale(now: number): void {
    for (const [tokenHash, entry] of this.entries) {
      if (entry.staleAt > now) return;
      this.entries.delete(tokenHash);
    }
  }
}
