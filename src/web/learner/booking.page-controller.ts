import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { BookingsService } from '../../bookings/bookings.service';
import { BusinessRuleError } from '../../common/domain-error';
import { FormBody, textField } from '../forms/form-fields';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { bookingOutcome, bookingPageView, cancelBookingView } from '../presenters/booking-page-view';
import { SessionPages } from './session-pages.service';

/**
 * A booking's page (e-mails link here) and cancelling it after a confirmation page. Whoever the
 * bookings service lets see a booking sees it; anyone else gets the 404 page.
 */
@PageController('bookings')
export class BookingPageController {
  constructor(
    private readonly pages: SessionPages,
    private readonly bookings: BookingsService,
  ) {}

  @Get(':id')
  async booking(
    @CurrentActor() actor: Actor,
    @Param('id', PageIdPipe) id: string,
    @Query('booked') booked: unknown,
    @Query('cancelled') cancelled: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const data = await this.pages.bookingPage(actor, id);
    response.render('learner/booking/booking.njk', bookingPageView(actor, data, bookingOutcome(booked, cancelled)));
  }

  @Get(':id/cancel')
  async confirmCancel(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    const data = await this.pages.bookingPage(actor, id);
    response.render('learner/booking/cancel.njk', cancelBookingView(actor, data));
  }

  @Post(':id/cancel')
  async cancel(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    try {
      const cancelled = await this.bookings.cancel(actor, id);
      // The form says what the booking held, so the banner can say what was given up.
      response.redirect(303, `/bookings/${cancelled.id}?cancelled=${textField(body, 'held') === 'waitlist' ? 'waitlist' : 'place'}`);
    } catch (failure) {
      if (!(failure instanceof BusinessRuleError)) throw failure;
      const data = await this.pages.bookingPage(actor, id);
      response.status(failure.status).render('learner/booking/cancel.njk', cancelBookingView(actor, data, failure.code));
    }
  }
}
