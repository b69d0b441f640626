import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module';
import { CoursesModule } from '../courses/courses.module';
import { SessionsModule } from '../sessions/sessions.module';
import { HomePageController } from './home/home.page-controller';
import { BookingPageController } from './learner/booking.page-controller';
import { SessionPages } from './learner/session-pages.service';
import { SessionsPageController } from './learner/sessions.page-controller';
import { SignInPageController } from './sign-in/sign-in.page-controller';

/** Server-rendered pages for people using a browser: a second front end over the same services as the API. */
@Module({
  imports: [SessionsModule, BookingsModule, CoursesModule],
  providers: [SessionPages],
  // BookingPageController's /bookings/:id stays last, after fixed paths such as /bookings/calendar-feed.
  controllers: [HomePageController, SignInPageController, SessionsPageController, BookingPageController],
})
export class WebModule {}
