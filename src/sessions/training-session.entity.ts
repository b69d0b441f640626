import { Check, Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Course } from '../courses/course.entity';
import { Person } from '../people/person.entity';

export type SessionStatus = 'scheduled' | 'cancelled';

/**
 * A dated run of a course. `confirmedCount` is the seat counter that bookings take with one
 * conditional UPDATE; the CHECK makes overbooking impossible even for a buggy caller.
 */
@Entity('training_session')
@Index(['startsAt'])
@Index(['courseId', 'startsAt'])
@Check('CHK_session_seats', '"confirmedCount" >= 0 AND "confirmedCount" <= "capacity"')
@Check('CHK_session_capacity', '"capacity" BETWEEN 1 AND 1000')
@Check('CHK_session_times', '"endsAt" > "startsAt"')
export class TrainingSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'courseId' })
  course?: Course;

  @Column()
  startsAt: Date;

  @Column()
  endsAt: Date;

  /** IANA zone the session is held in; e-mails and invitations show times in it. */
  @Column({ type: 'varchar', length: 64, default: 'Europe/London' })
  timezone: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  location: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  onlineUrl: string | null;

  @Column({ type: 'integer' })
  capacity: number;

  @Column({ type: 'integer', default: 0 })
  confirmedCount: number;

  /** Monotonic arrival counter: each waitlisted booking takes the next number. */
  @Column({ type: 'integer', default: 0 })
  waitlistArrivals: number;

  @Column({ type: 'varchar', length: 16, default: 'scheduled' })
  status: SessionStatus;

  @Column({ type: Date, nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  cancellationReason: string | null;

  /** No bookings before this instant; null: open as soon as the session is created. */
  @Column({ type: Date, nullable: true })
  bookingOpensAt: Date | null;

  @Column({ type: Date, nullable: true })
  bookingClosesAt: Date | null;

  @Column({ type: 'boolean', default: true })
  waitlistEnabled: boolean;

  /** Short code the trainer shows in the room for self check-in; null until first shown. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  checkInCode: string | null;

  @ManyToMany(() => Person)
  @JoinTable({
    name: 'session_trainer',
    joinColumn: { name: 'sessionId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'personId', referencedColumnName: 'id' },
  })
  trainers?: Person[];

  @Column()
  createdAt: Date;

  @Column()
  updatedAt: Date;
}
