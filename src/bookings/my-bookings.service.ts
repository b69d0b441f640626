import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AttendanceRecord } from '../attendance/attendance-record.entity';
import { Clock } from '../common/clock';
import { MAX_PAGE_SIZE } from '../common/pagination.dto';
import { Transactions } from '../database/transactions';
import { BookingsService } from './bookings.service';
import type { BookingDto } from './dto/booking.dto';
import type { MyBookingsDto } from './dto/my-bookings.dto';
import { arrangeOwnBookings } from './my-bookings';

/**
 * The signed-in person's own bookings, as they look for them: the same booking answers the API
 * gives (read through BookingsService, so the same visibility), with the register's word on each
 * session and whether check-in is open now.
 */
@Injectable()
export class MyBookingsService {
  constructor(
    private readonly bookings: BookingsService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async overview(actor: Actor): Promise<MyBookingsDto> {
    const bookings = await this.allOwn(actor);
    const records = await this.transactions.read((manager) =>
      manager.find(AttendanceRecord, { select: { sessionId: true, status: true }, where: { personId: actor.personId } }),
    );
    return arrangeOwnBookings(bookings, new Map(records.map((record) => [record.sessionId, record.status])), this.clock.now());
  }

  /** Every page of the person's own bookings (a person holds tens, so this is one page in practice). */
  private async allOwn(actor: Actor): Promise<BookingDto[]> {
    const all: BookingDto[] = [];
    for (;;) {
      const page = await this.bookings.list(actor, { personId: actor.personId, limit: MAX_PAGE_SIZE, offset: all.length });
      all.push(...page.items);
      if (page.items.length === 0 || all.length >= page.total) return all;
    }
  }
}
