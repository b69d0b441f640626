import { Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { CalendarService } from '../../calendar/calendar.service';
import { PageController } from '../page-controller.decorator';

const FEED_PAGE = '/bookings/calendar-feed';

/**
 * The personal calendar feed: its secret address with how to subscribe to it, and resetting it
 * (a confirmation page, then a POST) when it may have reached someone else.
 */
@PageController('bookings/calendar-feed')
export class CalendarFeedPageController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  async feedPage(@CurrentActor() actor: Actor, @Query('reset') reset: unknown, @Res() response: Response): Promise<void> {
    const { url } = await this.calendar.feedAddress(actor);
    response.render('learner/my-bookings/calendar-feed.njk', {
      pageTitle: 'Subscribe to your bookings in your calendar',
      backLinkHref: '/bookings',
      backLinkText: 'My bookings',
      url,
      justReset: reset === 'done',
    });
  }

  @Get('reset')
  confirmReset(@Res() response: Response): void {
    response.render('learner/my-bookings/calendar-feed-reset.njk', { pageTitle: 'Reset your calendar feed address', backLinkHref: FEED_PAGE });
  }

  @Post('reset')
  async reset(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    await this.calendar.rotateFeed(actor);
    response.redirect(303, `${FEED_PAGE}?reset=done`);
  }
}
