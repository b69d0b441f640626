import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination.dto';
import { IsInstant } from './date-time.validators';

export class ListSessionsQueryDto extends PaginationQueryDto {
  /** Sessions starting at or after this instant (ISO 8601 with an offset or Z). */
  @IsOptional()
  @IsInstant()
  from?: Date;

  /** Sessions starting at or before this instant (ISO 8601 with an offset or Z). */
  @IsOptional()
  @IsInstant()
  to?: Date;

  @IsOptional()
  @IsUUID()
  courseId?: string;

  /**
   * `true`: only sessions that take bookings now: scheduled, not started, not closed for booking,
   * with a seat left or a waitlist. `false` or absent: every session.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  available?: boolean;

  /** `true`: as `available=true`, and with at least one free seat (a waitlist alone does not count). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  seatsLeft?: boolean;
}
