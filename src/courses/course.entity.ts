import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('course')
export class Course {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'integer', nullable: true })
  durationMinutes: number | null;

  /** Continuing professional development hours a learner may record for attending. */
  @Column({ type: 'double precision', nullable: true })
  cpdHours: number | null;

  /**
   * Set when the course is no longer offered: new sessions cannot use it and lists of courses
   * leave it out, but the sessions that already ran (or are booked) keep it.
   */
  @Column({ type: Date, nullable: true })
  archivedAt: Date | null;

  @Column()
  createdAt: Date;

  @Column()
  updatedAt: Date;
}
