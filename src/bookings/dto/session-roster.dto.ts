import type { BookingStatus } from '../booking.entity';

/** One active booking of a session, with who holds it: what a trainer needs to know who is coming. */
export interface RosterEntryDto {
  bookingId: string;
  personId: string;
  /** Null once the person is erased. */
  name: string | null;
  team: string | null;
  /** The organisation's name. */
  organisation: string;
  status: Extract<BookingStatus, 'confirmed' | 'waitlisted'>;
  /** 1-based; null unless waitlisted. */
  waitlistPosition: number | null;
  /** When the person got their seat (confirmed) or joined the waiting list. */
  since: string;
}

/** A session's active bookings: seats in the order they were taken, then the waiting list in order. */
export interface SessionRosterDto {
  sessionId: string;
  confirmed: RosterEntryDto[];
  waitlisted: RosterEntryDto[];
}
