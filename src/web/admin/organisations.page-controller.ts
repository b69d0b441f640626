import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { ConflictError } from '../../common/domain-error';
import { OrganisationsService } from '../../organisations/organisations.service';
import type { FormBody } from '../forms/form-fields';
import { pageNumber } from '../forms/page-number';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { organisationFormValues, readOrganisationForm, type ReadOrganisationForm } from './organisations-form';
import { ORGANISATIONS_PAGE_SIZE, organisationFormView, organisationListView } from './organisations-view';

/** The organisations people belong to (the partnerships and the library service): list, add, change. */
@PageController('admin/organisations')
@Roles('admin')
export class OrganisationsPageController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  async list(@Query() query: FormBody, @Res() response: Response): Promise<void> {
    const page = pageNumber(query);
    const organisations = await this.organisations.list({ limit: ORGANISATIONS_PAGE_SIZE, offset: (page - 1) * ORGANISATIONS_PAGE_SIZE });
    response.render('admin/organisations/list.njk', organisationListView(organisations, page, query.done));
  }

  @Get('new')
  newForm(@Res() response: Response): void {
    response.render('admin/organisations/form.njk', organisationFormView({ code: '', name: '' }, []));
  }

  @Post('new')
  async create(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const form = readOrganisationForm(body);
    const outcome = form.input ? await this.attempt(form, () => this.organisations.create(actor, form.input!)) : 'invalid';
    if (outcome === 'saved') {
      response.redirect(303, '/admin/organisations?done=added');
      return;
    }
    response.status(outcome === 'code-taken' ? 409 : 400).render('admin/organisations/form.njk', organisationFormView(form.values, form.errors));
  }

  @Get(':id')
  async editForm(@Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    const organisation = await this.organisations.get(id);
    response.render('admin/organisations/form.njk', organisationFormView(organisationFormValues(organisation), [], organisation));
  }

  @Post(':id')
  async edit(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const form = readOrganisationForm(body);
    const outcome = form.input ? await this.attempt(form, () => this.organisations.update(actor, id, form.input!)) : 'invalid';
    if (outcome === 'saved') {
      response.redirect(303, '/admin/organisations?done=saved');
      return;
    }
    const organisation = await this.organisations.get(id);
    response.status(outcome === 'code-taken' ? 409 : 400).render('admin/organisations/form.njk', organisationFormView(form.values, form.errors, organisation));
  }

  /** Makes the change; a code another organisation has becomes the form's error. */
  private async attempt(form: ReadOrganisationForm, change: () => Promise<unknown>): Promise<'saved' | 'code-taken'> {
    try {
      await change();
      return 'saved';
    } catch (failure) {
      if (!(failure instanceof ConflictError)) throw failure;
      form.errors.push({ field: 'code', message: `Another organisation already has the code ${form.values.code}` });
      return 'code-taken';
    }
  }
}
