import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditAction, AuditDetails, AuditSubjectType } from './audit-actions';

/**
 * One change an admin (or a trainer, for courses) made to the service's directory data, written
 * in the transaction of the change. It names people by id only: an erased person's name and
 * address must not survive here.
 */
@Entity('audit_event')
@Index(['occurredAt', 'id'])
@Index(['subjectType', 'subjectId'])
export class AuditEvent {
  /** Time-ordered (see timeOrderedId): changes in the same millisecond list in the order they were made. */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  occurredAt: Date;

  /** Who made the change; null for the service itself. */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 40 })
  action: AuditAction;

  @Column({ type: 'varchar', length: 16 })
  subjectType: AuditSubjectType;

  /** Null for a change with no single subject (an import). */
  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  @Column({ type: 'simple-json' })
  details: AuditDetails;
}
