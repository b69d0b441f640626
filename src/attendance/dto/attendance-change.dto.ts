import { ApiProperty } from '@nestjs/swagger';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../attendance-record.entity';

export class AttendanceChangeDto {
  id: string;

  personId: string;

  /** Null once the person is erased. */
  name: string | null;

  @ApiProperty({ enum: ATTENDANCE_STATUSES, nullable: true, description: 'Null when the person had no mark before.' })
  oldStatus: AttendanceStatus | null;

  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  newStatus: AttendanceStatus;

  @ApiProperty({ enum: ['register', 'check-in'], description: '"register": marked by a trainer or admin; "check-in": self check-in.' })
  source: 'register' | 'check-in';

  /** True on the entry that added the person as a walk-in (no confirmed booking); false on every other. */
  walkIn: boolean;

  /** Who made the change (the person themself for a check-in). */
  changedById: string;

  /** Null once that person is erased. */
  changedByName: string | null;

  changedAt: Date;
}

export class AttendanceChangePageDto {
  /** Oldest first. */
  items: AttendanceChangeDto[];

  total: number;
}
