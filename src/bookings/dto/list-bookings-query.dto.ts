import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination.dto';
import type { BookingStatus } from '../booking.entity';

const STATUSES: BookingStatus[] = ['confirmed', 'waitlisted', 'cancelled'];

export class ListBookingsQueryDto extends PaginationQueryDto {
  @IsOptional()
  @IsUUID()
  sessionId?: string;

  @IsOptional()
  @IsUUID()
  personId?: string;

  /** confirmed, waitlisted or cancelled. */
  @IsOptional()
  @IsIn(STATUSES)
  status?: BookingStatus;
}
