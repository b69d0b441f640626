import type { Booking, BookingStatus } from '../booking.entity';

export class BookingDto {
  id: string;
  sessionId: string;
  personId: string;
  status: BookingStatus;
  /** 1-based place on the session's waitlist (first come, first served); null unless waitlisted. */
  waitlistPosition: number | null;
  createdAt: string;
  cancelledAt: string | null;
}

export class BookingPageDto {
  items: BookingDto[];
  /** How many bookings match, across all pages. */
  total: number;
}

export function toBookingDto(booking: Booking, waitlistPosition: number | null): BookingDto {
  return {
    id: booking.id,
    sessionId: booking.sessionId,
    personId: booking.personId,
    status: booking.status,
    waitlistPosition: booking.status === 'waitlisted' ? waitlistPosition : null,
    createdAt: booking.createdAt.toISOString(),
    cancelledAt: booking.cancelledAt ? booking.cancelledAt.toISOString() : null,
  };
}
