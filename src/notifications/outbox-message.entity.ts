import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Delivery order of due messages, highest first; arrival order within one priority. */
export const MAIL_PRIORITY = { normal: 0, signIn: 10 } as const;
export type MailPriority = (typeof MAIL_PRIORITY)[keyof typeof MAIL_PRIORITY];

/**
 * An e-mail waiting for delivery. Written in the same transaction as the change that causes it;
 * the dispatcher claims, sends and marks it after commit.
 *
 * Two forms: rendered (subject and bodies set: sign-in, account and reminder mail), or the facts
 * of a booking event (bookingId set, bodies null), which the dispatcher renders when it sends,
 * so the booking's transaction does no rendering.
 */
@Entity('outbox_message')
@Index(['status', 'nextAttemptAt'])
/**
 * The claim's order (priority DESC, createdAt, id) among pending rows, so a claim reads its batch
 * off the index instead of sorting the whole backlog. TypeORM cannot declare a descending
 * column, so the migration creates it by hand and synchronisation leaves it alone.
 */
@Index('IDX_outbox_message_claim_order', { synchronize: false })
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

  /** Null until rendered: a booking event's mail is rendered from its facts when sent. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  subject: string | null;

  @Column({ type: 'text', nullable: true })
  textBody: string | null;

  @Column({ type: 'text', nullable: true })
  htmlBody: string | null;

  /** iCalendar METHOD of the attached invitation (REQUEST or CANCEL), if any. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  calendarMethod: string | null;

  /** For a booking event: the booking the mail is about (its person and session are read when sent). */
  @Column({ type: 'uuid', nullable: true })
  bookingId: string | null;

  /** For a booking event: the person whose action caused it (the canceller named in the mail). */
  @Column({ type: 'uuid', nullable: true })
  causedById: string | null;

  /** For a booking event with a calendar part: the SEQUENCE of the invitation (calendarMethod says which). */
  @Column({ type: 'integer', nullable: true })
  invitationSequence: number | null;

  /** For a booking event: JSON of what only the moment of the event knows (see BookingEventFacts). */
  @Column({ type: 'text', nullable: true })
  facts: string | null;

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

/** A message whose subject and bodies are written: as enqueued (sign-in, account, reminders) or rendered from its facts. */
export type RenderedOutboxMessage = OutboxMessage & { subject: string; textBody: string; htmlBody: string };

export function isRendered(message: OutboxMessage): message is RenderedOutboxMessage {
  return message.subject !== null && message.textBody !== null && message.htmlBody !== null;
}
