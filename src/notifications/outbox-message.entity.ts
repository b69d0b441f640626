import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Delivery order of due messages, highest first; arrival order within one priority. */
export const MAIL_PRIORITY = { normal: 0, signIn: 10 } as const;
export type MailPriority = (typeof MAIL_PRIORITY)[keyof typeof MAIL_PRIORITY];

/**
 * A rendered e-mail waiting for delivery. Written in the same transaction as the change that
 * causes it; the dispatcher claims, sends and marks it after commit.
 */
@Entity('outbox_message')
@Index(['status', 'nextAttemptAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** What kind of mail: 'magic-link', 'booking-confirmed', 'reminder', … */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  /** Makes an enqueue idempotent (e.g. one reminder per booking); null for ordinary mail. */
  @Column({ type: 'varchar', length: 200, nullable: true, unique: true })
  dedupeKey: string | null;

  @Column({ type: 'varchar', length: 320 })
  recipient: string;

  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Column({ type: 'text' })
  textBody: string;

  @Column({ type: 'text' })
  htmlBody: string;

  /** iCalendar METHOD of the attached invitation (REQUEST or CANCEL), if any. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  calendarMethod: string | null;

  @Column({ type: 'text', nullable: true })
  calendarContent: string | null;

  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /**
   * Among due messages, higher goes first: a sign-in link (someone is waiting at the screen)
   * before bulk booking mail. See MAIL_PRIORITY.
   */
  @Column({ type: 'integer', default: 0 })
  priority: number;

  @Column()
  nextAttemptAt: Date;

  /** A claim: another dispatcher leaves the row alone until then. */
  @Column({ type: Date, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  lastError: string | null;

  @Column({ type: Date, nullable: true })
  sentAt: Date | null;

  @Column()
  createdAt: Date;
}
