import { Body, Get, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { CheckInService } from '../../attendance/check-in.service';
import { MyBookingsService } from '../../bookings/my-bookings.service';
import { Clock } from '../../common/clock';
import { BusinessRuleError, FieldError, RateLimitedError } from '../../common/domain-error';
import { readCheckInForm } from '../forms/check-in-form';
import { FormBody } from '../forms/form-fields';
import { PageController } from '../page-controller.decorator';
import { checkInRefusalMessage, ownBookingOf, presentCheckIn } from '../presenters/check-in-view';
import { describeWait } from '../sign-in/sign-in.page-controller';

const TEMPLATE = 'learner/check-in/check-in.njk';

/**
 * Self check-in in the room: the learner enters the code the trainer shows. The sessions on offer
 * are the person's confirmed bookings whose check-in window is open now (usually one; a radio
 * when several overlap), and the check-in service decides, as for the API.
 */
@PageController('check-in')
export class CheckInPageController {
  constructor(
    private readonly myBookings: MyBookingsService,
    private readonly checkIns: CheckInService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async checkInPage(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    const view = presentCheckIn(await this.myBookings.overview(actor));
    // No radio chosen in advance: the person says which room they are in.
    response.render(TEMPLATE, { pageTitle: 'Check in', view, form: { sessionId: '', code: '' } });
  }

  @Post()
  @HttpCode(200)
  async checkIn(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const bookings = await this.myBookings.overview(actor);
    const view = presentCheckIn(bookings);
    const { form, errors } = readCheckInForm(body, view.choices.map((choice) => choice.sessionId));
    const again = (status: number, fieldErrors: FieldError[]) =>
      response.status(status).render(TEMPLATE, { pageTitle: 'Check in', view, form, errors: fieldErrors });
    if (errors.length > 0 || form.sessionId === '') return again(400, errors.length > 0 ? errors : [noSessionOpen()]);

    try {
      await this.checkIns.checkIn(actor, form.sessionId, form.code);
    } catch (failure) {
      if (failure instanceof RateLimitedError) {
        response.setHeader('Retry-After', String(failure.retryAfterSeconds));
        return again(429, [
          { field: 'code', message: `You have entered a wrong code too many times. Wait ${describeWait(failure.retryAfterSeconds)}, then try again.` },
        ]);
      }
      if (!(failure instanceof BusinessRuleError)) throw failure;
      if (failure.code === 'wrong-check-in-code') {
        return again(422, [{ field: 'code', message: 'The code is not right. Check the code your trainer shows and enter it again' }]);
      }
      const message = checkInRefusalMessage(failure.code, ownBookingOf(bookings, form.sessionId), this.clock.now());
      if (message === undefined) throw failure;
      return again(422, [{ field: 'check-in', message }]);
    }
    const session = [...view.choices, ...view.checkedIn].find((choice) => choice.sessionId === form.sessionId);
    response.render('learner/check-in/checked-in.njk', { pageTitle: 'You are checked in', session });
  }
}

function noSessionOpen(): FieldError {
  return { field: 'check-in', message: 'You have no session open for check-in now. Check-in opens 15 minutes before a session starts.' };
}
