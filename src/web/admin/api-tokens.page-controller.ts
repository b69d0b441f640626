import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { isUUID } from 'class-validator';
import type { Actor } from '../../auth/actor';
import { ApiTokensService } from '../../auth/api-tokens.service';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { NotFoundError } from '../../common/domain-error';
import { PeopleService } from '../../people/people.service';
import { type FormBody, textField } from '../forms/form-fields';
import { pageNumber } from '../forms/page-number';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { safeNextPath } from '../web-paths';
import { readTokenForm } from './api-tokens-form';
import { issuedTokenView, revokeTokenView, TOKENS_PAGE_SIZE, tokenFormView, tokenListView } from './api-tokens-view';

/**
 * API tokens for integrations: the list, issuing one for a person (the secret shown once, on the
 * page that answers the form, never in an address), and revoking one after a confirmation page.
 * A person's page links here with ?personId= and ?next=.
 */
@PageController('admin/api-tokens')
@Roles('admin')
export class ApiTokensPageController {
  constructor(
    private readonly apiTokens: ApiTokensService,
    private readonly people: PeopleService,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: FormBody, @Res() response: Response): Promise<void> {
    const showAll = textField(query, 'show') === 'all';
    const page = pageNumber(query);
    const tokens = await this.apiTokens.list(actor, { active: !showAll, limit: TOKENS_PAGE_SIZE, offset: (page - 1) * TOKENS_PAGE_SIZE });
    response.render('admin/api-tokens/list.njk', tokenListView(tokens, page, showAll, query.done));
  }

  @Get('new')
  async newForm(@CurrentActor() actor: Actor, @Query('personId') personId: unknown, @Res() response: Response): Promise<void> {
    const person = typeof personId === 'string' && isUUID(personId) ? await this.people.get(actor, personId) : undefined;
    response.render('admin/api-tokens/new.njk', tokenFormView({ personId: person?.id ?? '', email: '', name: '' }, [], person));
  }

  @Post('new')
  async issue(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const form = readTokenForm(body);
    const person = form.values.personId ? await this.people.get(actor, form.values.personId) : undefined;
    if (person && tokenFormView(form.values, [], person).refusal) {
      response.status(422).render('admin/api-tokens/new.njk', tokenFormView(form.values, [], person));
      return;
    }
    if (form.holder) {
      try {
        const issued = await this.apiTokens.create(actor, form.holder, form.values.name);
        response.status(201).render('admin/api-tokens/issued.njk', issuedTokenView(issued, person !== undefined));
        return;
      } catch (failure) {
        if (!(failure instanceof NotFoundError) || person) throw failure;
        form.errors.push({ field: 'email', message: 'No active person has this e-mail address' });
      }
    }
    response.status(400).render('admin/api-tokens/new.njk', tokenFormView(form.values, form.errors, person));
  }

  @Get(':id/revoke')
  async confirmRevoke(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Query('next') next: unknown, @Res() response: Response): Promise<void> {
    response.render('admin/api-tokens/revoke.njk', revokeTokenView(await this.apiTokens.get(actor, id), safeNextPath(next)));
  }

  @Post(':id/revoke')
  async revoke(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    await this.apiTokens.revoke(actor, id);
    response.redirect(303, safeNextPath(textField(body, 'next')) ?? '/admin/api-tokens?done=revoked');
  }
}
