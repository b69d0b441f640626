import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { BusinessRuleError } from '../../common/domain-error';
import { PeopleService } from '../../people/people.service';
import { type FormBody, textField } from '../forms/form-fields';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { erasureConfirmationError, erasureView } from './erasure-view';
import { PeoplePages } from './people-pages.service';

/**
 * Erasing a person from their page: a confirmation page that says what goes, which bookings are
 * cancelled and who moves up, and what stays; confirmed by typing their e-mail address.
 */
@PageController('admin/people')
@Roles('admin')
export class ErasurePageController {
  constructor(
    private readonly pages: PeoplePages,
    private readonly people: PeopleService,
  ) {}

  @Get(':id/erase')
  async confirm(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    const data = await this.pages.erasure(actor, id);
    if (data.preview.person.erasedAt) {
      response.redirect(303, `/admin/people/${id}`);
      return;
    }
    const view = erasureView(data);
    response.status(view.refusal ? 422 : 200).render('admin/erasure/confirm.njk', view);
  }

  @Post(':id/erase')
  async erase(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const typed = textField(body, 'confirmEmail');
    const data = await this.pages.erasure(actor, id);
    if (data.preview.person.erasedAt) {
      response.redirect(303, `/admin/people/${id}?done=erased`);
      return;
    }
    const error = erasureConfirmationError(typed, data.preview.person.email);
    if (error) {
      response.status(400).render('admin/erasure/confirm.njk', erasureView(data, typed, [error]));
      return;
    }
    try {
      await this.people.erase(actor, id);
    } catch (failure) {
      if (!(failure instanceof BusinessRuleError)) throw failure;
      response.status(failure.status).render('admin/erasure/confirm.njk', erasureView(await this.pages.erasure(actor, id), typed, [], failure.message));
      return;
    }
    response.redirect(303, `/admin/people/${id}?done=erased`);
  }
}
