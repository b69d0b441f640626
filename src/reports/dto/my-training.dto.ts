import { PickType } from '@nestjs/swagger';
import { ReportFiltersDto } from './report-query.dto';

export class MyTrainingQueryDto extends PickType(ReportFiltersDto, ['from', 'to', 'format'] as const) {}

export class AttendedSessionDto {
  sessionId: string;

  courseId: string;

  courseTitle: string;

  startsAt: Date;

  endsAt: Date;

  /** The session's calendar date in its own time zone. */
  date: string;

  /** The course's CPD hours; null when the course states none. */
  cpdHours: number | null;
}

export class MyTrainingTotalsDto {
  sessionsAttended: number;

  /** Sum of the CPD hours of the sessions attended. */
  cpdHours: number;
}

export class MyTrainingDto {
  /** Sessions the caller attended (non-cancelled), oldest first. */
  items: AttendedSessionDto[];

  total: number;

  totals: MyTrainingTotalsDto;
}
