import { Injectable } from '@nestjs/common';
import { EntityManager, LessThanOrEqual, MoreThan } from 'typeorm';
import type { Actor } from '../auth/actor';
import { Booking } from '../bookings/booking.entity';
import { Clock } from '../common/clock';
import { BusinessRuleError, NotFoundError, RateLimitedError } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { TrainingSession } from '../sessions/training-session.entity';
import { AttendanceRecord } from './attendance-record.entity';
import {
  assertCheckInOpen,
  CHECK_IN_ATTEMPT_WINDOW_MS,
  checkInAttemptVerdict,
  checkInCodeMatches,
  checkInWindow,
  generateCheckInCode,
} from './attendance-rules';
import { AttendanceService } from './attendance.service';
import { CheckInAttempt } from './check-in-attempt.entity';
import type { CheckInCodeDto, CheckInResultDto } from './dto/check-in.dto';
import { findSession, sessionForRegister } from './session-access';

type CheckInOutcome =
  | { kind: 'checked-in'; result: CheckInResultDto }
  | { kind: 'wrong-code' }
  | { kind: 'rate-limited'; retryAfterSeconds: number };

@Injectable()
export class CheckInService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly attendance: AttendanceService,
  ) {}

  /** The session's code, made on first request and kept for the session, so every screen shows the same one. */
  code(actor: Actor, sessionId: string): Promise<CheckInCodeDto> {
    return this.transactions.run(async (manager) => {
      const session = await sessionForRegister(manager, actor, sessionId, { forUpdate: true });
      if (session.status === 'cancelled') throw new BusinessRuleError('session-cancelled', 'The session is cancelled.');
      if (!session.checkInCode) {
        session.checkInCode = generateCheckInCode();
        await manager.update(TrainingSession, { id: session.id }, { checkInCode: session.checkInCode });
      }
      return { code: session.checkInCode, ...checkInWindow(session) };
    });
  }

  /** The session's code if it has been made (check-in started), without making one; null otherwise. */
  currentCode(actor: Actor, sessionId: string): Promise<CheckInCodeDto | null> {
    return this.transactions.read(async (manager) => {
      const session = await sessionForRegister(manager, actor, sessionId);
      if (session.status === 'cancelled' || !session.checkInCode) return null;
      return { code: session.checkInCode, ...checkInWindow(session) };
    });
  }

  /**
   * Marks the caller attended when they hold a confirmed booking, the window is open and the
   * code is right. A wrong code is stored (in its own committed transaction, so the refusal
   * still counts) and limits further guesses per person across all app instances.
   */
  async checkIn(actor: Actor, sessionId: string, code: string): Promise<CheckInResultDto> {
    const outcome = await this.transactions.run(async (manager): Promise<CheckInOutcome> => {
      const now = this.clock.now();
      await lockAttemptsOf(manager, actor.personId);
      const recentWrong = await manager.find(CheckInAttempt, {
        where: { personId: actor.personId, attemptedAt: MoreThan(new Date(now.getTime() - CHECK_IN_ATTEMPT_WINDOW_MS)) },
      });
      const verdict = checkInAttemptVerdict(
        recentWrong.map((a) => a.attemptedAt),
        now,
      );
      if (!verdict.allowed) return { kind: 'rate-limited', retryAfterSeconds: verdict.retryAfterSeconds };

      const session = await findSession(manager, sessionId, { forUpdate: true });
      if (!session) throw new NotFoundError('Session');
      assertCheckInOpen(session, now);
      const booking = await manager.findOneBy(Booking, { sessionId: session.id, personId: actor.personId, status: 'confirmed' });
      if (!booking) throw new BusinessRuleError('no-confirmed-booking', 'Self check-in needs a confirmed booking for this session.');

      if (!checkInCodeMatches(session.checkInCode, code)) {
        await manager.delete(CheckInAttempt, {
          personId: actor.personId,
          attemptedAt: LessThanOrEqual(new Date(now.getTime() - CHECK_IN_ATTEMPT_WINDOW_MS)),
        });
        await manager.insert(CheckInAttempt, { personId: actor.personId, sessionId: session.id, attemptedAt: now });
        return { kind: 'wrong-code' };
      }
      await this.attendance.applyMarks(manager, [{ personId: actor.personId, status: 'attended' }], {
        sessionId: session.id,
        changedById: actor.personId,
        source: 'check-in',
        now,
      });
      const record = await manager.findOneByOrFail(AttendanceRecord, { sessionId: session.id, personId: actor.personId });
      return { kind: 'checked-in', result: { sessionId: session.id, personId: actor.personId, status: 'attended', recordedAt: record.recordedAt } };
    });

    switch (outcome.kind) {
      case 'checked-in':
        return outcome.result;
      case 'wrong-code':
        throw new BusinessRuleError('wrong-check-in-code', 'That is not the check-in code of this session.', [
          { field: 'code', message: 'does not match the code shown in the room' },
        ]);
      case 'rate-limited':
        throw new RateLimitedError('Too many wrong check-in codes: wait before trying again.', outcome.retryAfterSeconds);
    }
  }
}

/**
 * Two app instances must not both let a sixth guess through: on PostgreSQL a transaction-scoped
 * advisory lock per person queues concurrent check-ins of that person (SQLite runs one write
 * transaction at a time anyway).
 */
async function lockAttemptsOf(manager: EntityManager, personId: string): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`check-in:${personId}`]);
}
