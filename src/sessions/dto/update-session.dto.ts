import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { AreTrainerIds, IsOnlineUrl } from './create-session.dto';
import { IsInstant, IsTimeZone } from './date-time.validators';

/** Validates the field when it is present; null is refused like any other wrong value. */
const WhenPresent = () => ValidateIf((_object, value) => value !== undefined);

/**
 * Fields to change; absent fields stay as they are, and `location`, `onlineUrl`,
 * `bookingOpensAt` and `bookingClosesAt` may be set to null. The course of a session cannot be changed.
 */
export class UpdateSessionDto {
  @WhenPresent()
  @IsInstant()
  startsAt?: Date;

  @WhenPresent()
  @IsInstant()
  endsAt?: Date;

  @WhenPresent()
  @IsTimeZone()
  @MaxLength(64)
  timezone?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  location?: string | null;

  @IsOptional()
  @IsOnlineUrl()
  onlineUrl?: string | null;

  /** Raising it promotes from the waitlist at once; below confirmedCount is 409. */
  @WhenPresent()
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity?: number;

  /** Replaces the session's trainers; each must hold the trainer role. */
  @WhenPresent()
  @AreTrainerIds()
  trainerIds?: string[];

  /** Before bookingClosesAt and startsAt; null: open at once. */
  @IsOptional()
  @IsInstant()
  bookingOpensAt?: Date | null;

  @IsOptional()
  @IsInstant()
  bookingClosesAt?: Date | null;

  @WhenPresent()
  @IsBoolean()
  waitlistEnabled?: boolean;
}
