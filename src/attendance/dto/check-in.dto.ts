import { IsString, MaxLength, MinLength } from 'class-validator';

export class CheckInCodeDto {
  /** Six characters without look-alikes (no 0/O, 1/I/L); the same for the whole session. */
  code: string;

  /** Self check-in opens 15 minutes before the start… */
  validFrom: Date;

  /** …and closes when the session ends. */
  validUntil: Date;
}

export class CheckInDto {
  /** As shown by the trainer; case, spaces and dashes do not matter. */
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  code: string;
}

export class CheckInResultDto {
  sessionId: string;

  personId: string;

  /** Always "attended". */
  status: 'attended';

  recordedAt: Date;
}
