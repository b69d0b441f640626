import { ApiProperty } from '@nestjs/swagger';
import { OUTBOX_STATUSES, type OutboxStatus } from '../outbox-message.entity';

/** An e-mail in the outbox, as admins see it (without its body). */
export class OutboxMessageDto {
  id: string;
  /** What kind of mail: magic-link, booking-confirmed, booking-waitlisted, booking-promoted, booking-cancelled, session-changed, session-cancelled, reminder. */
  kind: string;
  recipient: string;
  subject: string;
  @ApiProperty({ enum: OUTBOX_STATUSES })
  status: OutboxStatus;
  /** Delivery attempts made so far. */
  attempts: number;
  /** The last delivery error (SMTP reply or connection error), if any. */
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** When the dispatcher will next try; null unless pending. */
  nextAttemptAt: Date | null;
}

export class OutboxPageDto {
  @ApiProperty({ type: [OutboxMessageDto] })
  items: OutboxMessageDto[];
  total: number;
}
