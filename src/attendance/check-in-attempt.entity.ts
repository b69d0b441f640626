import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A wrong self check-in code entered by a person. Kept in the database, not in memory, so the
 * limit on guesses holds across every app instance sharing it.
 */
@Entity('check_in_attempt')
@Index(['personId', 'attemptedAt'])
export class CheckInAttempt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  personId: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @Column()
  attemptedAt: Date;
}
