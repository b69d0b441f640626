import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUrl, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsInstant, IsTimeZone } from './date-time.validators';

/** Up to 20 distinct person ids. */
export const AreTrainerIds = () => applyDecorators(IsArray(), ArrayMaxSize(20), ArrayUnique(), IsUUID('all', { each: true }));

/** An http(s) link of at most 2000 characters. */
export const IsOnlineUrl = () => applyDecorators(IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }), MaxLength(2000));

export class CreateSessionDto {
  @IsUUID()
  courseId: string;

  /** ISO 8601 with an offset or Z. */
  @IsInstant()
  startsAt: Date;

  /** ISO 8601 with an offset or Z; after startsAt. */
  @IsInstant()
  endsAt: Date;

  /** IANA time zone used in e-mails and invitations; stored in canonical spelling. Default Europe/London. */
  @IsOptional()
  @IsTimeZone()
  @MaxLength(64)
  timezone?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  location?: string | null;

  /** Link for online attendance (http or https). */
  @IsOptional()
  @IsOnlineUrl()
  onlineUrl?: string | null;

  /** Seats, 1 to 1000. */
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity: number;

  /** People with the trainer role. A trainer who leaves this out becomes the session's trainer. */
  @IsOptional()
  @AreTrainerIds()
  trainerIds?: string[];

  /** No bookings before this instant (ISO 8601 with an offset or Z); before bookingClosesAt and startsAt. Absent or null: open at once. */
  @IsOptional()
  @IsInstant()
  bookingOpensAt?: Date | null;

  /** No new bookings from this instant on (ISO 8601 with an offset or Z). Bookings always close at the start. */
  @IsOptional()
  @IsInstant()
  bookingClosesAt?: Date | null;

  /** Whether a full session takes waitlist bookings. Default true. */
  @IsOptional()
  @IsBoolean()
  waitlistEnabled?: boolean;
}
