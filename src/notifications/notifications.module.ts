import { Global, Module } from '@nestjs/common';
import { BookingMailer } from './booking-mailer.service';
import { OutboxService } from './outbox.service';

@Global()
@Module({
  providers: [OutboxService, BookingMailer],
  exports: [OutboxService, BookingMailer],
})
export class NotificationsModule {}
