import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { ForbiddenError, NotFoundError } from '../common/domain-error';
import { mayManageSession } from '../sessions/session-rules';
import { TrainingSession } from '../sessions/training-session.entity';

/**
 * The session, if the caller runs its register: whoever may manage it (admins, its trainers).
 * Every signed-in person can see every session, so anyone else gets 403, which reveals nothing;
 * an unknown session is 404. `forUpdate` locks the row on PostgreSQL so register writes and
 * check-ins of one session queue behind each other (SQLite already runs one write transaction
 * at a time).
 */
export async function sessionForRegister(
  manager: EntityManager,
  actor: Actor,
  sessionId: string,
  options: { forUpdate?: boolean } = {},
): Promise<TrainingSession> {
  const session = await findSession(manager, sessionId, options);
  if (!session) throw new NotFoundError('Session');
  const trainers = await manager
    .createQueryBuilder()
    .select('st."personId"', 'personId')
    .from('session_trainer', 'st')
    .where('st."sessionId" = :sessionId', { sessionId })
    .getRawMany<{ personId: string }>();
  if (!mayManageSession(actor, trainers.map((trainer) => trainer.personId))) {
    throw new ForbiddenError("Only the session's trainers and admins may take its register.");
  }
  return session;
}

export function findSession(
  manager: EntityManager,
  sessionId: string,
  options: { forUpdate?: boolean } = {},
): Promise<TrainingSession | null> {
  const lock = options.forUpdate && manager.connection.options.type === 'postgres';
  return manager.findOne(TrainingSession, { where: { id: sessionId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
}
