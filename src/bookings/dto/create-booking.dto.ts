import { IsOptional, IsUUID } from 'class-validator';

export class CreateBookingDto {
  /** The session to book. */
  @IsUUID()
  sessionId: string;

  /**
   * Whom to book; omit (or give your own id) to book yourself. Admins may book anyone, managers
   * the people of their organisation, trainers anyone onto the sessions they train.
   */
  @IsOptional()
  @IsUUID()
  personId?: string;
}
