import { Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { MyBookingsService } from '../../bookings/my-bookings.service';
import { NoCalendarEventError } from '../../calendar/calendar.errors';
import { CalendarService } from '../../calendar/calendar.service';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { presentMyBookings } from '../presenters/my-bookings-view';

/** The signed-in person's bookings, and each booking's event for their calendar. */
@PageController('bookings')
export class MyBookingsPageController {
  constructor(
    private readonly myBookings: MyBookingsService,
    private readonly calendar: CalendarService,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    const view = presentMyBookings(await this.myBookings.overview(actor));
    response.render('learner/my-bookings/my-bookings.njk', { pageTitle: 'My bookings', view });
  }

  /** "Add to calendar": the booking's current event, with the UID and SEQUENCE of its e-mails. */
  @Get(':id/calendar.ics')
  async calendarFile(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    try {
      const download = await this.calendar.bookingCalendar(actor, id);
      response.attachment(download.filename).type('text/calendar; charset=utf-8').send(download.content);
    } catch (failure) {
      if (!(failure instanceof NoCalendarEventError)) throw failure;
      response.status(409).render('learner/my-bookings/no-calendar-event.njk', {
        pageTitle: 'Nothing to add to your calendar',
        detail: failure.message,
        bookingHref: `/bookings/${id}`,
      });
    }
  }
}
