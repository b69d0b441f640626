import { randomUUID } from 'node:crypto';
import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { isUUID } from 'class-validator';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { BookingsService } from '../../bookings/bookings.service';
import { isValidIdempotencyKey } from '../../bookings/idempotency-key.decorator';
import { BusinessRuleError, ConflictError, FieldError, InvalidInputError, NotFoundError } from '../../common/domain-error';
import { FormBody, textField } from '../forms/form-fields';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { bookPersonView, cancelPlaceView, searchTermError, trainersView } from './presenters/people-views';
import { TrainerPages } from './trainer-pages.service';

/**
 * A session's people as its trainer handles them: booking someone found by name or e-mail
 * address, cancelling a person's place after a confirmation page, and choosing the trainers.
 * The bookings and sessions services decide who may do each (a 403 page for anyone else).
 */
@PageController('trainer/sessions/:id')
@Roles('trainer', 'admin')
export class SessionPeoplePageController {
  constructor(
    private readonly pages: TrainerPages,
    private readonly bookings: BookingsService,
  ) {}

  @Get('book')
  async findPerson(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Query('q') query: unknown, @Res() response: Response): Promise<void> {
    const data = await this.pages.sessionToChange(actor, id);
    const q = typeof query === 'string' ? query.trim() : '';
    if (q === '') return response.render('trainer/book-person.njk', bookPersonView(data, { q }));
    const error = searchTermError(q, 'q');
    if (error) return response.status(400).render('trainer/book-person.njk', bookPersonView(data, { q, errors: [error] }));
    const found = await this.pages.findPeople(actor, q);
    response.render('trainer/book-person.njk', bookPersonView(data, { q, found, newKey: randomUUID }));
  }

  /** Books the person chosen; the form's key makes a double click book once and answer the same. */
  @Post('book')
  async book(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const personId = textField(body, 'personId');
    const key = textField(body, 'idempotencyKey');
    if (!isUUID(personId) || !isValidIdempotencyKey(key)) throw new InvalidInputError('The form was incomplete. Go back to the session and try again.');
    try {
      const { booking } = await this.bookings.book(actor, { sessionId: id, personId }, key);
      response.redirect(303, `/trainer/sessions/${id}?booked=${booking.id}`);
    } catch (failure) {
      if (!(failure instanceof BusinessRuleError || failure instanceof ConflictError)) throw failure;
      const data = await this.pages.sessionToChange(actor, id);
      const q = textField(body, 'q');
      const found = q.length >= 2 ? await this.pages.findPeople(actor, q) : undefined;
      const message = bookingFailureMessage(failure.code) ?? failure.message;
      response
        .status(failure.status)
        .render('trainer/book-person.njk', bookPersonView(data, { q, found, newKey: randomUUID, errors: [{ field: 'results', message }] }));
    }
  }

  @Get('bookings/:bookingId/cancel')
  async confirmCancelPlace(
    @CurrentActor() actor: Actor,
    @Param('id', PageIdPipe) id: string,
    @Param('bookingId', PageIdPipe) bookingId: string,
    @Res() response: Response,
  ): Promise<void> {
    const data = await this.pages.sessionToChange(actor, id);
    response.render('trainer/cancel-place.njk', cancelPlaceView(data, bookingId));
  }

  @Post('bookings/:bookingId/cancel')
  async cancelPlace(
    @CurrentActor() actor: Actor,
    @Param('id', PageIdPipe) id: string,
    @Param('bookingId', PageIdPipe) bookingId: string,
    @Res() response: Response,
  ): Promise<void> {
    const data = await this.pages.sessionToChange(actor, id);
    // Only a booking of this session is cancelled from this session's page.
    cancelPlaceView(data, bookingId);
    try {
      await this.bookings.cancel(actor, bookingId);
      response.redirect(303, `/trainer/sessions/${id}?place-cancelled=yes`);
    } catch (failure) {
      if (!(failure instanceof BusinessRuleError)) throw failure;
      const errors: FieldError[] = [{ field: 'cancel', message: cancellationFailureMessage(failure.code) ?? failure.message }];
      response.status(failure.status).render('trainer/cancel-place.njk', { ...cancelPlaceView(data, bookingId), errors });
    }
  }

  @Get('trainers')
  async trainers(
    @CurrentActor() actor: Actor,
    @Param('id', PageIdPipe) id: string,
    @Query('q') query: unknown,
    @Query('changed') changed: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const data = await this.pages.sessionToChange(actor, id);
    const q = typeof query === 'string' ? query.trim() : '';
    if (q === '') return response.render('trainer/trainers.njk', trainersView(actor, data, { q, changed: changed === 'yes' }));
    const error = searchTermError(q, 'q');
    if (error) return response.status(400).render('trainer/trainers.njk', trainersView(actor, data, { q, errors: [error] }));
    const found = await this.pages.findTrainers(actor, q);
    response.render('trainer/trainers.njk', trainersView(actor, data, { q, found }));
  }

  @Post('trainers')
  async changeTrainers(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const { session } = await this.pages.sessionToChange(actor, id);
    const add = textField(body, 'add');
    const remove = textField(body, 'remove');
    const trainerIds = isUUID(add)
      ? [...new Set([...session.trainerIds, add])]
      : isUUID(remove)
        ? session.trainerIds.filter((trainerId) => trainerId !== remove)
        : undefined;
    if (!trainerIds) throw new NotFoundError('Trainer');
    try {
      const { after } = await this.pages.changeSession(actor, id, { trainerIds });
      const stillTheirs = after.trainerIds.includes(actor.personId) || actor.roles.includes('admin');
      response.redirect(303, stillTheirs ? `/trainer/sessions/${id}/trainers?changed=yes` : `/trainer/sessions/${id}?trainers=changed`);
    } catch (failure) {
      if (!(failure instanceof BusinessRuleError)) throw failure;
      const data = await this.pages.sessionToChange(actor, id);
      const message = failure.code === 'unknown-reference' ? 'That person is no longer a trainer. Search again' : failure.message;
      response.status(failure.status).render('trainer/trainers.njk', trainersView(actor, data, { q: '', errors: [{ field: 'q', message }] }));
    }
  }
}

function bookingFailureMessage(code: string): string | undefined {
  switch (code) {
    case 'duplicate-booking':
      return 'That person already has a place or is on the waiting list for this session';
    case 'session-started':
      return 'The session has started, so no one can be booked onto it';
    case 'booking-closed':
      return 'Booking for this session has closed';
    case 'booking-not-open':
      return 'Booking for this session has not opened yet';
    case 'session-cancelled':
      return 'The session is cancelled';
    case 'session-full':
      return 'The session is full and has no waiting list';
    default:
      return undefined;
  }
}

function cancellationFailureMessage(code: string): string | undefined {
  switch (code) {
    case 'session-started':
      return 'The session has started, so places can no longer be cancelled. Mark the person absent or excused on the register instead';
    case 'booking-cancelled':
      return 'This place has already been cancelled';
    default:
      return undefined;
  }
}
