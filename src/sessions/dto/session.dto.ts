import { ApiProperty } from '@nestjs/swagger';
import { freeSeats } from '../../bookings/booking-rules';
import type { SessionStatus, TrainingSession } from '../training-session.entity';

export class SessionCourseDto {
  id: string;
  title: string;
}

export class SessionTrainerDto {
  id: string;
  /** Null once the trainer is erased. */
  name: string | null;
}

export class SessionDto {
  id: string;
  courseId: string;
  course: SessionCourseDto;
  /** UTC, ISO 8601 with Z. */
  startsAt: string;
  /** UTC, ISO 8601 with Z. */
  endsAt: string;
  /** IANA time zone the session is held in. */
  timezone: string;
  location: string | null;
  onlineUrl: string | null;
  capacity: number;
  /** The trainers' ids, in the order of `trainers`. */
  trainerIds: string[];
  /** Who trains the session. */
  trainers: SessionTrainerDto[];
  @ApiProperty({ enum: ['scheduled', 'cancelled'] })
  status: SessionStatus;
  /** No bookings before this instant; null: open from creation. */
  bookingOpensAt: string | null;
  /** No new bookings from this instant on; null: open until the start. */
  bookingClosesAt: string | null;
  waitlistEnabled: boolean;
  confirmedCount: number;
  waitlistCount: number;
  /** Free seats; 0 when the session is full or cancelled. */
  seatsLeft: number;
}

export class SessionPageDto {
  items: SessionDto[];
  /** How many sessions match, across all pages. */
  total: number;
}

export function toSessionDto(
  session: TrainingSession,
  course: { id: string; title: string },
  trainers: SessionTrainerDto[],
  waitlistCount: number,
): SessionDto {
  return {
    id: session.id,
    courseId: session.courseId,
    course: { id: course.id, title: course.title },
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    timezone: session.timezone,
    location: session.location,
    onlineUrl: session.onlineUrl,
    capacity: session.capacity,
    trainerIds: trainers.map((trainer) => trainer.id),
    trainers: trainers.map(({ id, name }) => ({ id, name })),
    status: session.status,
    bookingOpensAt: session.bookingOpensAt ? session.bookingOpensAt.toISOString() : null,
    bookingClosesAt: session.bookingClosesAt ? session.bookingClosesAt.toISOString() : null,
    waitlistEnabled: session.waitlistEnabled,
    confirmedCount: session.confirmedCount,
    waitlistCount,
    seatsLeft: freeSeats(session),
  };
}
