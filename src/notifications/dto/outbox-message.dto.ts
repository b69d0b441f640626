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

export class RetriedDto {
  /** How many failed messages were put back in the queue. */
  retried: number;
}

/** How mail is getting out, checked when asked. */
export class MailDeliveryDto {
  @ApiProperty({ enum: ['smtp', 'file'], description: '`smtp` when SMTP_URL is set; `file`: written as .eml files to MAIL_DIR.' })
  kind: 'smtp' | 'file';
  /** SMTP: the server's host and port (never its credentials); files: the folder. */
  destination: string;
  /** SMTP: whether the server accepted a connection and the sign-in just now (a check of at most a few seconds). */
  reachable: boolean;
  /** Why the server could not be reached. */
  error: string | null;
  checkedAt: Date;
  /** When a message was last delivered; null if none has been. */
  lastSentAt: Date | null;
  /** Messages given up on: MAIL_MAX_ATTEMPTS failed attempts, or rejected by the server. */
  failed: number;
  /** Messages waiting for another attempt after a failed one. */
  delayed: number;
  /** Messages waiting for their first attempt. */
  waiting: number;
}

export class MailOverviewDto {
  delivery: MailDeliveryDto;
  failed: OutboxPageDto;
  /** The first 50, soonest retry first; `total` counts them all. */
  delayed: OutboxPageDto;
}
