import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CancelSessionDto {
  /** Why the session is cancelled; kept with the session. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
