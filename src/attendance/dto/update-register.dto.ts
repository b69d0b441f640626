import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsUUID, ValidateNested } from 'class-validator';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../attendance-record.entity';

/** Sessions seat at most 1000, and walk-ins come on top. */
export const MAX_REGISTER_ENTRIES = 2000;

export class RegisterMarkDto {
  /** A booked person, or anyone active to add as a walk-in. */
  @IsUUID()
  personId: string;

  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  @IsIn(ATTENDANCE_STATUSES)
  status: AttendanceStatus;
}

export class UpdateRegisterDto {
  /** The whole room in one request; each person at most once. People left out keep their mark. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_REGISTER_ENTRIES)
  @ValidateNested({ each: true })
  @Type(() => RegisterMarkDto)
  records: RegisterMarkDto[];
}
