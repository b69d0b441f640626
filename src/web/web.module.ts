import { Module } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module';
import { BookingsModule } from '../bookings/bookings.module';
import { CalendarModule } from '../calendar/calendar.module';
import { CoursesModule } from '../courses/courses.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { PeopleModule } from '../people/people.module';
import { ReportsModule } from '../reports/reports.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ApiTokensPageController } from './admin/api-tokens.page-controller';
import { AuditPageController } from './admin/audit.page-controller';
import { CoursesPageController } from './admin/courses.page-controller';
import { ErasurePageController } from './admin/erasure.page-controller';
import { PeopleImportPageController } from './admin/import.page-controller';
import { PeoplePages } from './admin/people-pages.service';
import { OrganisationsPageController } from './admin/organisations.page-controller';
import { OutboxPageController } from './admin/outbox.page-controller';
import { AdminPeoplePageController } from './admin/people.page-controller';
import { HomePageController } from './home/home.page-controller';
import { BookingPageController } from './learner/booking.page-controller';
import { CalendarFeedPageController } from './learner/calendar-feed.page-controller';
import { CheckInPageController } from './learner/check-in.page-controller';
import { MyBookingsPageController } from './learner/my-bookings.page-controller';
import { SessionPages } from './learner/session-pages.service';
import { SessionsPageController } from './learner/sessions.page-controller';
import { TrainingRecordPageController } from './learner/training-record.page-controller';
import { ManagerPages } from './manager/manager-pages.service';
import { PeoplePageController } from './manager/people.page-controller';
import { ReportsPageController } from './manager/reports.page-controller';
import { SignInPageController } from './sign-in/sign-in.page-controller';
import { RegisterPageController } from './trainer/register.page-controller';
import { SessionPeoplePageController } from './trainer/session-people.page-controller';
import { TrainerPages } from './trainer/trainer-pages.service';
import { TrainerSessionsPageController } from './trainer/trainer-sessions.page-controller';

/** Server-rendered pages for people using a browser: a second front end over the same services as the API. */
@Module({
  imports: [SessionsModule, BookingsModule, CoursesModule, CalendarModule, ReportsModule, AttendanceModule, PeopleModule, OrganisationsModule],
  providers: [SessionPages, TrainerPages, ManagerPages, PeoplePages],
  // BookingPageController's /bookings/:id stays last, after fixed paths such as /bookings/calendar-feed.
  controllers: [
    HomePageController,
    SignInPageController,
    SessionsPageController,
    MyBookingsPageController,
    CalendarFeedPageController,
    TrainingRecordPageController,
    CheckInPageController,
    BookingPageController,
    // /trainer/sessions/new comes before /trainer/sessions/:id (same controller, declared first).
    TrainerSessionsPageController,
    SessionPeoplePageController,
    RegisterPageController,
    ReportsPageController,
    PeoplePageController,
    // /admin/people/import/… comes before /admin/people/:id.
    PeopleImportPageController,
    AdminPeoplePageController,
    ErasurePageController,
    // Fixed paths such as /admin/courses/new and /admin/mail/retry-failed come before their :id routes in each.
    CoursesPageController,
    OrganisationsPageController,
    OutboxPageController,
    ApiTokensPageController,
    AuditPageController,
  ],
})
export class WebModule {}
