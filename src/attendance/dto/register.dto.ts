import { ApiProperty } from '@nestjs/swagger';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../attendance-record.entity';

export class RegisterEntryDto {
  personId: string;

  /** Null once the person is erased. */
  name: string | null;

  /** The confirmed booking; null for a walk-in. */
  bookingId: string | null;

  @ApiProperty({ enum: ATTENDANCE_STATUSES, nullable: true, description: 'Null until marked.' })
  status: AttendanceStatus | null;

  /** True for a person added on the day without a confirmed booking. */
  walkIn: boolean;
}

/** A session's register: every confirmed booking plus every walk-in, ordered by name. */
export class RegisterDto {
  sessionId: string;

  records: RegisterEntryDto[];
}
