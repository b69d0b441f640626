import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, LessThanOrEqual } from 'typeorm';
import { isUniqueViolation } from '../database/transactions';
import { IdempotencyRecord } from './idempotency-record.entity';

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;

/** Thrown inside the transaction when another request already holds the key: roll back, then replay. */
export class IdempotencyKeyTakenError extends Error {
  constructor() {
    super('the Idempotency-Key is already taken');
  }
}

export function requestHash(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Stored first answers to requests that carry an Idempotency-Key, per caller. The key is claimed
 * first thing in the transaction that does the work: a concurrent twin blocks on the primary key
 * (PostgreSQL) or runs after it (SQLite), fails with a unique violation, and then replays the
 * stored answer. Only successful answers are stored: a refused request rolls back with its work,
 * so retrying it with the same key tries again.
 */
@Injectable()
export class IdempotencyService {
  /**
   * Claims the key for this request. The caller's records older than the 24-hour window go
   * first (this one's included), so the table holds at most a day of keys per caller.
   */
  async claim(manager: EntityManager, callerId: string, key: string, hash: string, now: Date): Promise<void> {
    await manager.delete(IdempotencyRecord, { callerId, createdAt: LessThanOrEqual(expiryCutoff(now)) });
    try {
      await manager.insert(IdempotencyRecord, { callerId, key, requestHash: hash, responseStatus: 0, responseBody: '', createdAt: now });
    } catch (error) {
      if (isUniqueViolation(error)) throw new IdempotencyKeyTakenError();
      throw error;
    }
  }

  async complete(manager: EntityManager, callerId: string, key: string, status: number, body: unknown): Promise<void> {
    await manager.update(IdempotencyRecord, { callerId, key }, { responseStatus: status, responseBody: JSON.stringify(body) });
  }

  /** The committed record for the key, unless it has expired. */
  async find(manager: EntityManager, callerId: string, key: string, now: Date): Promise<IdempotencyRecord | null> {
    const record = await manager.findOneBy(IdempotencyRecord, { callerId, key });
    return record && record.createdAt.getTime() > expiryCutoff(now).getTime() ? record : null;
  }
}

function expiryCutoff(now: Date): Date {
  return new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS);
}
