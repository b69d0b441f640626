import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Person } from '../people/person.entity';
import { TrainingSession } from '../sessions/training-session.entity';

export const ATTENDANCE_STATUSES = ['attended', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

@Entity('attendance_record')
@Index(['sessionId', 'personId'], { unique: true })
// Covers the reports: each person's records in person order with the session to filter on,
// read from the index alone.
@Index(['personId', 'status', 'sessionId'])
export class AttendanceRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => TrainingSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sessionId' })
  session?: TrainingSession;

  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'personId' })
  person?: Person;

  /** The confirmed booking this record belongs to; null for a walk-in. */
  @Column({ type: 'uuid', nullable: true })
  bookingId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: AttendanceStatus;

  @Column({ type: 'boolean', default: false })
  walkIn: boolean;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @Column()
  recordedAt: Date;
}
