import { randomUUID } from 'node:crypto';
import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { BookingsService } from '../../bookings/bookings.service';
import { isValidIdempotencyKey } from '../../bookings/idempotency-key.decorator';
import { BusinessRuleError, ConflictError, InvalidInputError } from '../../common/domain-error';
import { FormBody, textField } from '../forms/form-fields';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { ManagerPages } from './manager-pages.service';
import { bookingChoicesView, bookingRefusedMessage, personRecordView } from './person-views';

/** A course id from the address, or none: anything that is not an id chooses no course. */
function courseIn(value: unknown): string {
  return typeof value === 'string' && isUUID(value) ? value : '';
}

/**
 * A person's training record as their manager sees it, and booking them onto a session. Whom a
 * manager may see and book is the services' decision: their own organisation's people (an
 * admin's: anyone); any other person is the 404 page.
 */
@PageController('people')
@Roles('manager', 'admin')
export class PeoplePageController {
  constructor(
    private readonly pages: ManagerPages,
    private readonly bookings: BookingsService,
  ) {}

  @Get(':id/record')
  async record(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Query('booked') booked: unknown, @Res() response: Response): Promise<void> {
    const data = await this.pages.personRecord(actor, id);
    response.render('manager/person-record.njk', personRecordView(data, typeof booked === 'string' ? booked : undefined));
  }

  @Get(':id/book')
  async choose(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Query('course') course: unknown, @Res() response: Response): Promise<void> {
    const courseId = courseIn(course);
    const data = await this.pages.bookingChoices(actor, id, courseId || undefined);
    response.render('manager/book-person.njk', bookingChoicesView(data, courseId, randomUUID()));
  }

  /**
   * Books the person onto the chosen session with the manager as the actor. The form's key (made
   * when the page was drawn) goes through the API's Idempotency-Key machinery: a double click or
   * a resubmitted form gets the first answer and books nothing more.
   */
  @Post(':id/book')
  async book(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const key = textField(body, 'idempotencyKey');
    if (!isValidIdempotencyKey(key)) throw new InvalidInputError('The form was incomplete. Go back to the person and try again.');
    const sessionId = textField(body, 'session');
    const course = courseIn(textField(body, 'course'));
    if (!isUUID(sessionId)) {
      const data = await this.pages.bookingChoices(actor, id, course || undefined);
      const errors = [{ field: 'session', message: 'Select a session' }];
      response.status(400).render('manager/book-person.njk', bookingChoicesView(data, course, key, '', errors));
      return;
    }
    try {
      const { booking } = await this.bookings.book(actor, { sessionId, personId: id }, key);
      response.redirect(303, `/people/${id}/record?booked=${booking.id}`);
    } catch (failure) {
      if (!(failure instanceof BusinessRuleError || failure instanceof ConflictError)) throw failure;
      const data = await this.pages.bookingChoices(actor, id, course || undefined);
      const message = bookingRefusedMessage(failure.code, data.person.name ?? 'This person') ?? failure.message;
      // A fresh key: choosing again is a new request (a key already used for another session would be refused).
      response.status(failure.status).render('manager/book-person.njk', bookingChoicesView(data, course, randomUUID(), sessionId, [{ field: 'session', message }]));
    }
  }
}
