import { Global, Module } from '@nestjs/common';
import { AccountMailer } from './account-mailer.service';
import { BookingMailRenderer } from './booking-mail-renderer';
import { BookingMailer } from './booking-mailer.service';
import { MailDispatcher } from './mail-dispatcher.service';
import { MailTransport } from './mail-transport';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';
import { ReminderScheduler } from './reminder-scheduler.service';

/** The outbox, its dispatcher and the mailers every other module writes through. */
@Global()
@Module({
  controllers: [OutboxController],
  providers: [OutboxService, BookingMailer, BookingMailRenderer, AccountMailer, MailTransport, MailDispatcher, ReminderScheduler],
  exports: [OutboxService, BookingMailer, AccountMailer],
})
export class NotificationsModule {}
