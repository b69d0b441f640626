import { Global, Module } from '@nestjs/common';
import { AccountMailer } from './account-mailer.service';
import { BookingMailer } from './booking-mailer.service';
import { OutboxService } from './outbox.service';

@Global()
@Module({
  providers: [OutboxService, BookingMailer, AccountMailer],
  exports: [OutboxService, BookingMailer, AccountMailer],
})
export class NotificationsModule {}
