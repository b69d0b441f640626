import { Module } from '@nestjs/common';
import { BookingsController } from './bookings.controller';
import { BookingsService } from './bookings.service';
import { IdempotencyService } from './idempotency.service';
import { SeatsService } from './seats.service';

@Module({
  controllers: [BookingsController],
  providers: [BookingsService, SeatsService, IdempotencyService],
  exports: [SeatsService, BookingsService],
})
export class BookingsModule {}
