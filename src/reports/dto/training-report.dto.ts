import { ApiProperty } from '@nestjs/swagger';
import { GROUP_BYS, type GroupBy } from '../report-definitions';

export class TrainingTotalsDto {
  /** Active people with the learner role in scope (erased people included: they are not inactive). */
  cohort: number;

  /** People of the cohort with at least one `attended` record in a non-cancelled session in range; each counted once. */
  trained: number;

  /** trained / cohort × 100, one decimal; 0 for an empty cohort. */
  percentTrained: number;

  /**
   * Non-cancelled sessions in range (of the course, if given) with at least one attendance
   * record (any status) of a person of the organisation in scope; for all organisations, with
   * at least one record.
   */
  sessions: number;

  /** `attended` records of cohort members in those sessions. */
  attendances: number;

  /** `absent` records of cohort members in those sessions (`excused` is neither). */
  noShows: number;
}

export class TrainingReportRowDto {
  /** organisation: its id; team: `<organisationId>/<team>` (empty team: no team); course: its id; month: `YYYY-MM` in London. */
  key: string;

  /** Organisation name; `<organisation> / <team or "No team">`; course title; or e.g. "April 2026". */
  label: string;

  /** organisation and team: that group's cohort. course and month: the cohort of the whole scope. */
  cohort: number;

  trained: number;

  percentTrained: number;

  attendances: number;

  noShows: number;
}

export class TrainingReportDto {
  /** The effective start (UTC); null when unbounded. */
  from: Date | null;

  /** The effective end, inclusive (UTC); null when unbounded. */
  to: Date | null;

  @ApiProperty({ enum: GROUP_BYS })
  groupBy: GroupBy;

  /** The organisation reported on; null for all (admins only). */
  organisationId: string | null;

  courseId: string | null;

  totals: TrainingTotalsDto;

  /**
   * organisation and team: one row per group with at least one cohort member, by label.
   * course and month: one row per group with at least one record, by label (course) or key (month).
   */
  rows: TrainingReportRowDto[];
}
