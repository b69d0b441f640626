import { Module } from '@nestjs/common';
import { BookingsController } from './bookings.controller';
import { BookingsService } from './bookings.service';
import { IdempotencyService } from './idempotency.service';
import { MyBookingsService } from './my-bookings.service';
import { SeatsService } from './seats.service';
import { SessionRosterService } from './session-roster.service';

@Module({
  controllers: [BookingsController],
  providers: [BookingsService, SeatsService, IdempotencyService, MyBookingsService, SessionRosterService],
  exports: [SeatsService, BookingsService, MyBookingsService, SessionRosterService],
})
export class BookingsModule {}
