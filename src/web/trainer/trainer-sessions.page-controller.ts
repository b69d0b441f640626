import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { type Actor, hasRole } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { BusinessRuleError, ConflictError, FieldError } from '../../common/domain-error';
import { timeOrPlaceChanged } from '../../sessions/session-rules';
import { SessionsService } from '../../sessions/sessions.service';
import { FormBody, textField } from '../forms/form-fields';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { readMySessionsQuery } from './forms/my-sessions-query';
import { DEFAULT_SESSION_ZONE, readSessionForm, SessionFormRead, sessionValues } from './forms/session-form';
import { mySessionsView } from './presenters/my-sessions-view';
import { editSessionFormView, EMPTY_SESSION_FORM, newSessionFormView } from './presenters/session-form-view';
import { readSessionOutcome, trainerSessionView } from './presenters/session-page-view';
import { people, sessionFacts } from './presenters/trainer-session';
import { TrainerPages } from './trainer-pages.service';

const MAX_REASON_LENGTH = 1000;

/**
 * The trainer's sessions: "My sessions" (their home), a session's page with its people, and
 * creating, changing and cancelling a session with forms in the session's local time.
 */
@PageController('trainer/sessions')
@Roles('trainer', 'admin')
export class TrainerSessionsPageController {
  constructor(
    private readonly pages: TrainerPages,
    private readonly sessions: SessionsService,
  ) {}

  @Get()
  async mySessions(@CurrentActor() actor: Actor, @Query() query: FormBody, @Res() response: Response): Promise<void> {
    const read = readMySessionsQuery(query);
    const data = await this.pages.mySessions(actor, read.filters);
    response.status(read.errors.length > 0 ? 400 : 200).render('trainer/my-sessions.njk', mySessionsView(read, data, hasRole(actor, 'admin')));
  }

  @Get('new')
  async newSession(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    const courses = await this.pages.courseList();
    response.render('trainer/session-form.njk', newSessionFormView(courses, DEFAULT_SESSION_ZONE, { values: EMPTY_SESSION_FORM }, hasRole(actor, 'trainer')));
  }

  @Post('new')
  async createSession(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const courses = await this.pages.courseList();
    const read = readSessionForm(body, { timezone: DEFAULT_SESSION_ZONE, courseIds: courses.map((course) => course.id) });
    const again = (status: number, errors: FieldError[]) =>
      response.status(status).render('trainer/session-form.njk', newSessionFormView(courses, DEFAULT_SESSION_ZONE, { ...read, errors }, hasRole(actor, 'trainer')));
    if (!read.input) return again(400, read.errors);
    try {
      const session = await this.sessions.create(actor, read.input);
      response.redirect(303, `/trainer/sessions/${session.id}?created=yes`);
    } catch (failure) {
      if (failure instanceof BusinessRuleError && failure.code === 'unknown-reference') {
        return again(422, [{ field: 'course', message: 'That course is no longer offered. Select a course from the list' }]);
      }
      throw failure;
    }
  }

  @Get(':id')
  async session(
    @CurrentActor() actor: Actor,
    @Param('id', PageIdPipe) id: string,
    @Query() query: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const data = await this.pages.session(actor, id);
    response.render('trainer/session.njk', trainerSessionView(data, readSessionOutcome(query)));
  }

  @Get(':id/edit')
  async editForm(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    const { session } = await this.pages.sessionToChange(actor, id);
    if (session.status === 'cancelled') return this.cancelledAlready(response, id);
    response.render('trainer/session-form.njk', editSessionFormView(session, { values: sessionValues(session) }));
  }

  @Post(':id/edit')
  async saveChanges(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const { session } = await this.pages.sessionToChange(actor, id);
    const read: SessionFormRead = readSessionForm(body, { timezone: session.timezone, current: session });
    const again = (status: number, errors: FieldError[]) =>
      response.status(status).render('trainer/session-form.njk', editSessionFormView(session, { ...read, errors }));
    if (!read.input) return again(400, read.errors);
    const { courseId: _course, ...change } = read.input;
    try {
      const { before, after } = await this.pages.changeSession(actor, id, change);
      const invited = after.confirmedCount > 0 && timeOrPlaceChanged(before, after);
      response.redirect(303, `/trainer/sessions/${id}?updated=${invited ? 'invited' : 'yes'}`);
    } catch (failure) {
      if (failure instanceof ConflictError && failure.code === 'capacity-below-confirmed') {
        const latest = await this.sessions.get(id);
        return again(409, [
          {
            field: 'capacity',
            message: `${people(latest.confirmedCount)} already ${latest.confirmedCount === 1 ? 'has a place' : 'have places'}: the number of places must be ${latest.confirmedCount} or more`,
          },
        ]);
      }
      if (failure instanceof BusinessRuleError && failure.code === 'session-cancelled') return this.cancelledAlready(response, id);
      throw failure;
    }
  }

  @Get(':id/cancel')
  async confirmCancel(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    const { session } = await this.pages.sessionToChange(actor, id);
    if (session.status === 'cancelled') return this.cancelledAlready(response, id);
    response.render('trainer/cancel-session.njk', cancelView(session, ''));
  }

  @Post(':id/cancel')
  async cancel(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const reason = textField(body, 'reason');
    const { session } = await this.pages.sessionToChange(actor, id);
    if (session.status === 'cancelled') return this.cancelledAlready(response, id);
    const error =
      reason === ''
        ? 'Enter why the session is cancelled'
        : reason.length > MAX_REASON_LENGTH
          ? `The reason must be ${MAX_REASON_LENGTH} characters or fewer`
          : undefined;
    if (error) {
      response.status(400).render('trainer/cancel-session.njk', { ...cancelView(session, reason), errors: [{ field: 'reason', message: error }] });
      return;
    }
    const told = session.confirmedCount + session.waitlistCount;
    await this.sessions.cancel(actor, id, { reason });
    response.redirect(303, `/trainer/sessions/${id}?cancelled=${told}`);
  }

  private cancelledAlready(response: Response, id: string): void {
    response.redirect(303, `/trainer/sessions/${id}`);
  }
}

function cancelView(session: Parameters<typeof sessionFacts>[0], reason: string) {
  const booked = session.confirmedCount;
  const waiting = session.waitlistCount;
  const told = booked + waiting;
  const who = [booked > 0 ? `${people(booked)} with a place` : '', waiting > 0 ? `${people(waiting)} on the waiting list` : ''].filter(Boolean).join(' and ');
  return {
    pageTitle: 'Cancel the session',
    backLinkHref: `/trainer/sessions/${session.id}`,
    backLinkText: 'Back to the session',
    facts: sessionFacts(session),
    reason,
    told:
      told === 0
        ? 'Nobody has booked this session, so nobody needs to be told.'
        : `We will e-mail the ${who} to tell them the session is cancelled, with your reason. Their bookings will be cancelled.`,
    toldCount: told,
    maxLength: MAX_REASON_LENGTH,
  };
}
