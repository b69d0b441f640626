import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AttendanceStatus } from './attendance-record.entity';

/** Audit trail: every change of a register entry, who made it and when. */
@Entity('attendance_change')
@Index(['sessionId', 'changedAt'])
export class AttendanceChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @Column({ type: 'uuid' })
  personId: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  oldStatus: AttendanceStatus | null;

  @Column({ type: 'varchar', length: 16 })
  newStatus: AttendanceStatus;

  /** 'register' when a trainer or admin marked it, 'check-in' for self check-in. */
  @Column({ type: 'varchar', length: 16 })
  source: 'register' | 'check-in';

  /**
   * True on the entry that added the person to the register as a walk-in, without a confirmed
   * booking: their attendance counts in reports, so a manager can see where it came from.
   */
  @Column({ type: 'boolean', default: false })
  walkIn: boolean;

  @Column({ type: 'uuid' })
  changedById: string;

  @Column()
  changedAt: Date;
}
