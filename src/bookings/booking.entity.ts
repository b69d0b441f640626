import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Person } from '../people/person.entity';
import { TrainingSession } from '../sessions/training-session.entity';

export type BookingStatus = 'confirmed' | 'waitlisted' | 'cancelled';
export const ACTIVE_BOOKING_STATUSES: BookingStatus[] = ['confirmed', 'waitlisted'];

@Entity('booking')
// One active booking per person and session, enforced by the database on both dialects.
@Index('UQ_booking_active_person', ['sessionId', 'personId'], {
  unique: true,
  where: `"status" IN ('confirmed', 'waitlisted')`,
})
@Index(['sessionId', 'status', 'waitlistRank'])
@Index(['personId', 'status'])
// A person's bookings of one session, cancelled ones too: the duplicate check and the invitation SEQUENCE read them.
@Index('IDX_booking_person_session', ['personId', 'sessionId'])
export class Booking {
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

  @Column({ type: 'varchar', length: 16 })
  status: BookingStatus;

  /**
   * The session's arrival number when the booking joined the waitlist. The 1-based position
   * shown to people is derived from it, so positions stay contiguous without renumbering.
   */
  @Column({ type: 'integer', nullable: true })
  waitlistRank: number | null;

  /** Who made the booking: the person themself, or an admin, manager or trainer for them. */
  @Column({ type: 'uuid', nullable: true })
  bookedById: string | null;

  /** iCalendar SEQUENCE of the last invitation sent for this booking. */
  @Column({ type: 'integer', default: 0 })
  invitationSequence: number;

  @Column()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  confirmedAt: Date | null;

  @Column({ type: Date, nullable: true })
  cancelledAt: Date | null;
}
