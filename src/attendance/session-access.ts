import { EntityManager } from 'typeorm';
import { hasRole, type Actor } from '../auth/actor';
import { NotFoundError } from '../common/domain-error';
import { TrainingSession } from '../sessions/training-session.entity';

/**
 * The session, if the caller runs its register: admins for every session, trainers for the
 * sessions they train. Anyone else gets 404, as if it did not exist. `forUpdate` locks the
 * row on PostgreSQL so register writes and check-ins of one session queue behind each other
 * (SQLite already runs one write transaction at a time).
 */
export async function sessionForRegister(
  manager: EntityManager,
  actor: Actor,
  sessionId: string,
  options: { forUpdate?: boolean } = {},
): Promise<TrainingSession> {
  const session = await findSession(manager, sessionId, options);
  if (!session) throw new NotFoundError('Session');
  if (hasRole(actor, 'admin')) return session;
  const trains = await manager
    .createQueryBuilder()
    .select('1')
    .from('session_trainer', 'st')
    .where('st."sessionId" = :sessionId AND st."personId" = :personId', { sessionId, personId: actor.personId })
    .getRawOne();
  if (!hasRole(actor, 'trainer') || !trains) throw new NotFoundError('Session');
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
