import { randomUUID } from 'node:crypto';
import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { BookingsService } from '../../bookings/bookings.service';
import { isValidIdempotencyKey } from '../../bookings/idempotency-key.decorator';
import { BusinessRuleError, ConflictError, InvalidInputError } from '../../common/domain-error';
import { readFindTrainingQuery } from '../forms/find-training-query';
import { FormBody, textField } from '../forms/form-fields';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { findTrainingView } from '../presenters/find-training-view';
import { bookingRefusalMessage } from '../presenters/session-action';
import { sessionPageView } from '../presenters/session-page-view';
import { SessionPages } from './session-pages.service';

/** The learner's "Find training" list, a session's page, and booking a place from it. */
@PageController('sessions')
export class SessionsPageController {
  constructor(
    private readonly pages: SessionPages,
    private readonly bookings: BookingsService,
  ) {}

  @Get()
  async findTraining(@Query() query: FormBody, @Res() response: Response): Promise<void> {
    const read = readFindTrainingQuery(query);
    const data = await this.pages.findTraining(read.filters);
    response.status(read.errors.length > 0 ? 400 : 200).render('learner/sessions/find-training.njk', findTrainingView(read, data));
  }

  @Get(':id')
  async session(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    const data = await this.pages.sessionPage(actor, id);
    response.render('learner/sessions/session.njk', sessionPageView(actor, data, randomUUID()));
  }

  /**
   * Books the signed-in person. The form's key (made when the page was drawn) goes through the
   * API's Idempotency-Key machinery: a double click or a resubmitted form gets the first answer.
   */
  @Post(':id/book')
  async book(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const key = textField(body, 'idempotencyKey');
    if (!isValidIdempotencyKey(key)) throw new InvalidInputError('The form was incomplete. Go back to the session and try again.');
    try {
      const { booking } = await this.bookings.book(actor, { sessionId: id }, key);
      response.redirect(303, `/bookings/${booking.id}?booked=yes`);
    } catch (failure) {
      if (!(failure instanceof BusinessRuleError || failure instanceof ConflictError)) throw failure;
      const data = await this.pages.sessionPage(actor, id);
      const message = bookingRefusalMessage(failure.code, data.session) ?? failure.message;
      response.status(failure.status).render('learner/sessions/session.njk', sessionPageView(actor, data, randomUUID(), message));
    }
  }
}
