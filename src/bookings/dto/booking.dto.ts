import { ApiProperty } from '@nestjs/swagger';
import type { Course } from '../../courses/course.entity';
import type { SessionStatus, TrainingSession } from '../../sessions/training-session.entity';
import type { Booking, BookingStatus } from '../booking.entity';

/** The booked session, as it stands now: what a person needs to know what, where and when. */
export class BookingSessionDto {
  courseTitle: string;
  /** UTC, ISO 8601 with Z. */
  startsAt: string;
  /** UTC, ISO 8601 with Z. */
  endsAt: string;
  /** IANA time zone the session is held in: show its times in it. */
  timezone: string;
  location: string | null;
  onlineUrl: string | null;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] })
  status: SessionStatus;
}

export class BookingDto {
  id: string;
  sessionId: string;
  personId: string;
  @ApiProperty({ enum: ['confirmed', 'waitlisted', 'cancelled'] })
  status: BookingStatus;
  /** 1-based place on the session's waitlist (first come, first served); null unless waitlisted. */
  waitlistPosition: number | null;
  createdAt: string;
  cancelledAt: string | null;
  session: BookingSessionDto;
}

export class BookingPageDto {
  items: BookingDto[];
  /** How many bookings match, across all pages. */
  total: number;
}

/** The booking's session, read together with the booking (a join or the session already loaded). */
export type BookedSession = Pick<TrainingSession, 'startsAt' | 'endsAt' | 'timezone' | 'location' | 'onlineUrl' | 'status'> & {
  course: Pick<Course, 'title'>;
};

export function toBookingDto(booking: Booking, waitlistPosition: number | null, session: BookedSession): BookingDto {
  return {
    id: booking.id,
    sessionId: booking.sessionId,
    personId: booking.personId,
    status: booking.status,
    waitlistPosition: booking.status === 'waitlisted' ? waitlistPosition : null,
    createdAt: booking.createdAt.toISOString(),
    cancelledAt: booking.cancelledAt ? booking.cancelledAt.toISOString() : null,
    session: {
      courseTitle: session.course.title,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      timezone: session.timezone,
      location: session.location,
      onlineUrl: session.onlineUrl,
      status: session.status,
    },
  };
}
