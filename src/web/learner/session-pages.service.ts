import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import type { BookingDto } from '../../bookings/dto/booking.dto';
import { BookingsService } from '../../bookings/bookings.service';
import { Clock } from '../../common/clock';
import type { Page } from '../../common/pagination.dto';
import type { CourseDto } from '../../courses/dto/course.dto';
import { CoursesService } from '../../courses/courses.service';
import type { SessionDto } from '../../sessions/dto/session.dto';
import { SessionsService } from '../../sessions/sessions.service';
import { FIND_TRAINING_PAGE_SIZE, FindTrainingFilters } from '../forms/find-training-query';

/** More courses than the service will ever offer; the select lists them all. */
const ALL_COURSES = 500;

export interface FindTrainingData {
  now: Date;
  courses: CourseDto[];
  /** Absent when the filters had errors. */
  sessions?: Page<SessionDto>;
}

export interface SessionPageData {
  now: Date;
  session: SessionDto;
  course: CourseDto;
  /** The person's confirmed or waitlisted booking of the session, if they hold one. */
  booking: BookingDto | null;
}

export interface BookingPageData {
  now: Date;
  booking: BookingDto;
  session: SessionDto;
}

/**
 * What the learner's session and booking pages show, read through the services the API uses
 * (so the pages see exactly what the API answers, and the same access rules): one call per page.
 */
@Injectable()
export class SessionPages {
  constructor(
    private readonly sessions: SessionsService,
    private readonly bookings: BookingsService,
    private readonly courses: CoursesService,
    private readonly clock: Clock,
  ) {}

  /** Upcoming sessions only, soonest first: a "from" day in the past still starts from now. */
  async findTraining(filters: FindTrainingFilters | undefined): Promise<FindTrainingData> {
    const now = this.clock.now();
    const courses = await this.courses.list({ limit: ALL_COURSES, offset: 0 });
    if (!filters) return { now, courses: courses.items };
    const sessions = await this.sessions.list({
      from: filters.from && filters.from > now ? filters.from : now,
      to: filters.to,
      courseId: filters.courseId,
      seatsLeft: filters.placesLeft || undefined,
      limit: FIND_TRAINING_PAGE_SIZE,
      offset: (filters.page - 1) * FIND_TRAINING_PAGE_SIZE,
    });
    return { now, courses: courses.items, sessions };
  }

  async sessionPage(actor: Actor, sessionId: string): Promise<SessionPageData> {
    const session = await this.sessions.get(sessionId);
    const course = await this.courses.get(session.courseId);
    const mine = { sessionId, personId: actor.personId, limit: 1, offset: 0 };
    const [confirmed, waitlisted] = [
      await this.bookings.list(actor, { ...mine, status: 'confirmed' }),
      await this.bookings.list(actor, { ...mine, status: 'waitlisted' }),
    ];
    return { now: this.clock.now(), session, course, booking: confirmed.items[0] ?? waitlisted.items[0] ?? null };
  }

  /** 404 (NotFoundError) for a booking the actor may not see, as the API answers. */
  async bookingPage(actor: Actor, bookingId: string): Promise<BookingPageData> {
    const booking = await this.bookings.get(actor, bookingId);
    const session = await this.sessions.get(booking.sessionId);
    return { now: this.clock.now(), booking, session };
  }
}
