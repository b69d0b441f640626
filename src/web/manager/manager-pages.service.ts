import { Injectable } from '@nestjs/common';
import { hasRole, type Actor } from '../../auth/actor';
import type { BookingDto } from '../../bookings/dto/booking.dto';
import { BookingsService } from '../../bookings/bookings.service';
import { Clock } from '../../common/clock';
import { MAX_PAGE_SIZE, type Page } from '../../common/pagination.dto';
import type { CourseDto } from '../../courses/dto/course.dto';
import { CoursesService } from '../../courses/courses.service';
import type { OrganisationDto } from '../../organisations/dto/organisation.dto';
import { OrganisationsService } from '../../organisations/organisations.service';
import type { PersonDto } from '../../people/dto/person.dto';
import { PeopleService } from '../../people/people.service';
import type { MyTrainingDto } from '../../reports/dto/my-training.dto';
import type { PersonTrainingDto } from '../../reports/dto/people-report.dto';
import type { PeopleReportQueryDto } from '../../reports/dto/report-query.dto';
import type { TrainingReportDto } from '../../reports/dto/training-report.dto';
import { MyTrainingService } from '../../reports/my-training.service';
import { PeopleReportService } from '../../reports/people-report.service';
import { TrainingReportService } from '../../reports/training-report.service';
import type { SessionDto } from '../../sessions/dto/session.dto';
import { SessionsService } from '../../sessions/sessions.service';
import type { ReportFilters } from './report-filters';

/** People listed on one page of "Not yet trained". */
export const NOT_YET_TRAINED_PAGE_SIZE = 100;
/** Sessions offered on the "Book a place" page: the soonest, a choice of course narrows them. */
export const BOOKING_CHOICES = 50;

/** One page of the people report's cohort members not trained under the filters (which group nothing: it is a list). */
function notTrainedQuery({ groupBy: _groupBy, ...filters }: ReportFilters, page: number): PeopleReportQueryDto {
  return { ...filters, trained: false, limit: NOT_YET_TRAINED_PAGE_SIZE, offset: (page - 1) * NOT_YET_TRAINED_PAGE_SIZE };
}

/** What the filters offer: the organisations the reader may see and every course. */
export interface ReportScope {
  admin: boolean;
  /** An admin's: every organisation; a manager's: their own. */
  organisations: OrganisationDto[];
  courses: CourseDto[];
}

export interface TrainingReportPageData extends ReportScope {
  /** Absent when the filters had errors. */
  report?: TrainingReportDto;
}

export interface NotYetTrainedPageData extends ReportScope {
  /** Absent when the filters had errors. */
  people?: Page<PersonTrainingDto>;
  now: Date;
}

export interface PersonRecordPageData {
  now: Date;
  person: PersonDto;
  organisation: OrganisationDto;
  record: MyTrainingDto;
  /** Their confirmed and waitlisted bookings of sessions still to start, soonest first. */
  upcoming: BookingDto[];
}

export interface BookingChoicesPageData {
  now: Date;
  person: PersonDto;
  organisation: OrganisationDto;
  courses: CourseDto[];
  /** Sessions taking bookings now, soonest first (of the course, if chosen). */
  sessions: Page<SessionDto>;
  /** The person's confirmed and waitlisted bookings, so the sessions they hold are shown as taken. */
  activeBookings: BookingDto[];
}

/**
 * What the managers' pages show, read through the services the API uses, with the actor, so the
 * pages see what the API would answer and the same access rules decide: a manager their own
 * organisation's people, an admin everyone; anyone else's person is 404.
 */
@Injectable()
export class ManagerPages {
  constructor(
    private readonly trainingReports: TrainingReportService,
    private readonly peopleReport: PeopleReportService,
    private readonly myTraining: MyTrainingService,
    private readonly people: PeopleService,
    private readonly organisations: OrganisationsService,
    private readonly courses: CoursesService,
    private readonly sessions: SessionsService,
    private readonly bookings: BookingsService,
    private readonly clock: Clock,
  ) {}

  /** The filters' choices are read beside the report (at once, on PostgreSQL's pool): the page costs little more than the JSON. */
  async trainingReport(actor: Actor, filters: ReportFilters | undefined): Promise<TrainingReportPageData> {
    const [scope, report] = await Promise.all([this.scope(actor), filters && this.trainingReports.report(actor, filters)]);
    return { ...scope, report };
  }

  /** Who in scope is not yet trained, organisation by organisation and team by team, a page at a time. */
  async notYetTrained(actor: Actor, filters: ReportFilters | undefined, page: number): Promise<NotYetTrainedPageData> {
    const now = this.clock.now();
    const [scope, people] = await Promise.all([this.scope(actor), filters && this.peopleReport.page(actor, notTrainedQuery(filters, page), 'team')]);
    return { ...scope, people, now };
  }

  async personRecord(actor: Actor, personId: string): Promise<PersonRecordPageData> {
    const person = await this.people.get(actor, personId);
    const now = this.clock.now();
    const bookings = await this.allBookingsOf(actor, personId);
    return {
      now,
      person,
      organisation: await this.organisations.get(person.organisationId),
      record: await this.myTraining.recordOf(actor, personId, {}),
      upcoming: bookings
        .filter((booking) => booking.status !== 'cancelled' && booking.session.status === 'scheduled' && Date.parse(booking.session.startsAt) > now.getTime())
        .sort((a, b) => a.session.startsAt.localeCompare(b.session.startsAt)),
    };
  }

  async bookingChoices(actor: Actor, personId: string, courseId: string | undefined): Promise<BookingChoicesPageData> {
    const person = await this.people.get(actor, personId);
    const now = this.clock.now();
    const bookings = await this.allBookingsOf(actor, personId);
    return {
      now,
      person,
      organisation: await this.organisations.get(person.organisationId),
      courses: await this.allCourses(),
      sessions: await this.sessions.list({ from: now, courseId, available: true, limit: BOOKING_CHOICES, offset: 0 }),
      activeBookings: bookings.filter((booking) => booking.status !== 'cancelled'),
    };
  }

  private async scope(actor: Actor): Promise<ReportScope> {
    const admin = hasRole(actor, 'admin');
    const organisations = admin
      ? (await this.organisations.list({ limit: MAX_PAGE_SIZE, offset: 0 })).items
      : [await this.organisations.get(actor.organisationId)];
    return { admin, organisations, courses: await this.allCourses() };
  }

  /** More courses than the service will ever offer; the select lists them all, archived ones too (reports cover the past). */
  private async allCourses(): Promise<CourseDto[]> {
    return (await this.courses.list({ archived: 'all', limit: MAX_PAGE_SIZE, offset: 0 })).items;
  }

  /** A person holds tens of bookings, so this is one page in practice. */
  private async allBookingsOf(actor: Actor, personId: string): Promise<BookingDto[]> {
    const all: BookingDto[] = [];
    for (;;) {
      const page = await this.bookings.list(actor, { personId, limit: MAX_PAGE_SIZE, offset: all.length });
      all.push(...page.items);
      if (page.items.length === 0 || all.length >= page.total) return all;
    }
  }
}
