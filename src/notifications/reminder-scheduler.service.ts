import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Booking } from '../bookings/booking.entity';
import { Clock } from '../common/clock';
import { Environment } from '../config/environment';
import { Transactions } from '../database/transactions';
import { reminderDedupeKey, sessionFacts } from './booking-mailer.service';
import { reminderMail } from './mail-templates';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxService } from './outbox.service';
import { PeriodicTask } from './periodic-task';

const BATCH_SIZE = 200;

/**
 * Every REMINDER_SCAN_INTERVAL_MS, enqueues a reminder for each confirmed booking of a
 * scheduled session that starts within REMINDER_LEAD_HOURS. It only writes to the outbox,
 * under the key reminder:<bookingId>, so however many instances scan, each booking gets one.
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReminderScheduler.name);
  private readonly task: PeriodicTask;

  constructor(
    private readonly transactions: Transactions,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly environment: Environment,
  ) {
    this.task = new PeriodicTask('reminder scan', environment.REMINDER_SCAN_INTERVAL_MS, () => this.enqueueDueReminders(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** One scan; returns how many bookings it found without a reminder. */
  async enqueueDueReminders(): Promise<number> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.environment.REMINDER_LEAD_HOURS * 3600_000);
    let found = 0;
    for (;;) {
      // Found with a plain read, so a scan with nothing to do never takes SQLite's write lock.
      const bookings = await this.transactions.read((manager) => this.unreminded(manager, now, horizon));
      if (bookings.length > 0) {
        await this.transactions.run(async (manager) => {
          for (const booking of bookings) await this.enqueueReminder(manager, booking);
        });
      }
      found += bookings.length;
      if (bookings.length < BATCH_SIZE) return found;
    }
  }

  /** Confirmed bookings of scheduled sessions starting in (now, horizon] that have no reminder yet. */
  private unreminded(manager: EntityManager, now: Date, horizon: Date): Promise<Booking[]> {
    return manager
      .createQueryBuilder(Booking, 'booking')
      .innerJoinAndSelect('booking.session', 'session')
      .innerJoinAndSelect('session.course', 'course')
      .leftJoinAndSelect('session.trainers', 'trainer')
      .innerJoinAndSelect('booking.person', 'person')
      .where(`booking.status = 'confirmed' AND session.status = 'scheduled'`)
      .andWhere('session.startsAt > :now AND session.startsAt <= :horizon', { now, horizon })
      .andWhere('person.email IS NOT NULL AND person.erasedAt IS NULL')
      .andWhere((query) => {
        const reminded = query
          .subQuery()
          .select('1')
          .from(OutboxMessage, 'message')
          .where('message.dedupeKey = :reminderKeyPrefix || CAST(booking.id AS varchar)', { reminderKeyPrefix: reminderDedupeKey('') })
          .getQuery();
        return `NOT EXISTS ${reminded}`;
      })
      .orderBy('session.startsAt')
      .addOrderBy('booking.id')
      .take(BATCH_SIZE)
      .getMany();
  }

  /** ON CONFLICT DO NOTHING under the booking's key: another instance may have just written it. */
  private async enqueueReminder(manager: EntityManager, booking: Booking): Promise<void> {
    const session = booking.session!;
    const person = booking.person!;
    const context = { booking, session, course: session.course!, trainers: session.trainers ?? [], person };
    const mail = reminderMail(sessionFacts(context, this.environment.publicUrl));
    await this.outbox.enqueue(manager, {
      kind: 'reminder',
      recipient: person.email!,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      dedupeKey: reminderDedupeKey(booking.id),
      sessionId: session.id,
      personId: person.id,
    });
  }
}
