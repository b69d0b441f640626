import { Module } from '@nestjs/common';
import { AttendanceModule } from './attendance/attendance.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BookingsModule } from './bookings/bookings.module';
import { CalendarModule } from './calendar/calendar.module';
import { CommonModule } from './common/common.module';
import { CoursesModule } from './courses/courses.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ReportsModule } from './reports/reports.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PeopleModule } from './people/people.module';
import { SessionsModule } from './sessions/sessions.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [AppConfigModule, CommonModule, DatabaseModule, AuditModule, AuthModule, NotificationsModule, HealthModule, SessionsModule, BookingsModule, AttendanceModule, ReportsModule, CalendarModule, OrganisationsModule, PeopleModule, CoursesModule, WebModule, DemoModule],
})
export class AppModule {}
