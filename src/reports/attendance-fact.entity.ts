import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { AttendanceRecord, type AttendanceStatus } from '../attendance/attendance-record.entity';

/**
 * The rows the training report reads: the cohort's records in sessions that count. Its queries
 * repeat both terms (factConditions), which is what lets SQLite and PostgreSQL use these
 * partial indexes.
 */
const COUNTED_COHORT_FACT = '"inCohort" = TRUE AND "counted" = TRUE';

/**
 * One row per attendance record, with what the training report groups and filters by copied
 * from the record's person and session, so that a report over a million records is one scan of
 * one covering index in group order, without joining a million records to their people.
 *
 * Written only by database triggers (see the AttendanceFacts migrations): on every insert or
 * update of a record, and on every change of a session's course, start or status and of a
 * person's organisation, team, active flag or roles. So it holds in the same transaction as the
 * change, whichever code (or SQL) made it. The service never writes it.
 */
@Entity('attendance_fact')
// Also serves one organisation's course and month rows, hence every column the report reads.
@Index('IDX_attendance_fact_by_team', ['organisationId', 'team', 'personId', 'startsAt', 'courseId', 'month', 'status'], { where: COUNTED_COHORT_FACT })
@Index('IDX_attendance_fact_by_course', ['courseId', 'personId', 'startsAt', 'organisationId', 'status'], { where: COUNTED_COHORT_FACT })
@Index('IDX_attendance_fact_by_month', ['month', 'personId', 'startsAt', 'courseId', 'organisationId', 'status'], { where: COUNTED_COHORT_FACT })
@Index('IDX_attendance_fact_person', ['personId'])
@Index('IDX_attendance_fact_session', ['sessionId', 'organisationId'])
export class AttendanceFact {
  @PrimaryColumn({ type: 'uuid' })
  recordId: string;

  @OneToOne(() => AttendanceRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recordId' })
  record?: AttendanceRecord;

  @Column({ type: 'uuid' })
  personId: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @Column({ type: 'varchar', length: 16 })
  status: AttendanceStatus;

  /** The person's organisation and team now: a person who moves takes their training along. */
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  team: string | null;

  /** The person is in the report cohort: active, with the learner role (the same rule as `cohortCondition`). */
  @Column({ type: 'boolean' })
  inCohort: boolean;

  @Column({ type: 'uuid' })
  courseId: string;

  @Column()
  startsAt: Date;

  /** `YYYY-MM`: the calendar month of the session's start in Europe/London. */
  @Column({ type: 'varchar', length: 7 })
  month: string;

  /** The session is not cancelled. */
  @Column({ type: 'boolean' })
  counted: boolean;
}
