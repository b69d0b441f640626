import type { ArrangedBookings } from '../my-bookings';
import type { BookingDto } from './booking.dto';

/** A person's own bookings: upcoming (soonest first), then ended or cancelled (latest first). */
export type MyBookingsDto = ArrangedBookings<BookingDto>;
export type MyBookingDto = MyBookingsDto['upcoming'][number];
