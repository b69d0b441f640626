import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { BusinessRuleError, ConflictError, NotFoundError } from '../../common/domain-error';
import { PeopleService } from '../../people/people.service';
import type { FormBody } from '../forms/form-fields';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { readPeopleFilters } from './people-filters';
import { PeoplePages } from './people-pages.service';
import { peopleListView, personFormRefusal, personFormView, personOutcome, personPageView, personName } from './people-view';
import { personFormValues, readPersonForm } from './person-form';

type StatusChange = 'deactivate' | 'reactivate';

/**
 * The administrator's people pages: find people, see a person with their bookings, training and
 * API tokens, add and change them, deactivate and reactivate their account. Every change goes
 * through the people service the API uses, so its rules (unique addresses, always one active
 * administrator) hold here too.
 */
@PageController('admin/people')
@Roles('admin')
export class AdminPeoplePageController {
  constructor(
    private readonly pages: PeoplePages,
    private readonly people: PeopleService,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: FormBody, @Res() response: Response): Promise<void> {
    const read = readPeopleFilters(query);
    const data = await this.pages.list(actor, read.filters);
    response.status(read.errors.length > 0 ? 400 : 200).render('admin/people/list.njk', peopleListView(read, data));
  }

  @Get('new')
  async newForm(@Res() response: Response): Promise<void> {
    const values = personFormValues({ name: null, email: null, organisationId: '', team: null, jobTitle: null, roles: ['learner'], newlyQualified: false, libraryMember: false });
    response.render('admin/people/form.njk', personFormView(await this.pages.allOrganisations(), values, []));
  }

  @Post('new')
  async create(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const form = readPersonForm(body);
    if (form.input) {
      try {
        const person = await this.people.create(actor, form.input);
        response.redirect(303, `/admin/people/${person.id}?done=added`);
        return;
      } catch (failure) {
        form.errors.push(this.formRefusal(failure));
      }
    }
    response.status(400).render('admin/people/form.njk', personFormView(await this.pages.allOrganisations(), form.values, form.errors));
  }

  @Get(':id')
  async person(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Query('done') done: unknown, @Res() response: Response): Promise<void> {
    response.render('admin/people/person.njk', personPageView(await this.pages.person(actor, id), personOutcome(done)));
  }

  @Get(':id/edit')
  async editForm(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    const person = await this.people.get(actor, id);
    if (person.erasedAt) throw new NotFoundError('Person');
    response.render('admin/people/form.njk', personFormView(await this.pages.allOrganisations(), personFormValues(person), [], person));
  }

  @Post(':id/edit')
  async edit(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const form = readPersonForm(body);
    if (form.input) {
      try {
        await this.people.update(actor, id, form.input);
        response.redirect(303, `/admin/people/${id}?done=saved`);
        return;
      } catch (failure) {
        if (failure instanceof NotFoundError && !/organisation/i.test(failure.message)) throw failure;
        form.errors.push(this.formRefusal(failure));
      }
    }
    const person = await this.people.get(actor, id);
    response.status(400).render('admin/people/form.njk', personFormView(await this.pages.allOrganisations(), form.values, form.errors, person));
  }

  @Get(':id/deactivate')
  confirmDeactivate(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    return this.confirmStatus(actor, id, 'deactivate', response);
  }

  @Post(':id/deactivate')
  deactivate(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    return this.changeStatus(actor, id, 'deactivate', response);
  }

  @Get(':id/reactivate')
  confirmReactivate(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    return this.confirmStatus(actor, id, 'reactivate', response);
  }

  @Post(':id/reactivate')
  reactivate(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    return this.changeStatus(actor, id, 'reactivate', response);
  }

  private async confirmStatus(actor: Actor, id: string, change: StatusChange, response: Response, refusal?: string): Promise<void> {
    const person = await this.people.get(actor, id);
    if (person.erasedAt) throw new NotFoundError('Person');
    const name = personName(person);
    response.status(refusal ? 422 : 200).render('admin/people/status.njk', {
      pageTitle: change === 'deactivate' ? `Deactivate ${name}’s account` : `Reactivate ${name}’s account`,
      change,
      name,
      personHref: `/admin/people/${id}`,
      action: `/admin/people/${id}/${change}`,
      refusal,
      backLinkHref: `/admin/people/${id}`,
    });
  }

  private async changeStatus(actor: Actor, id: string, change: StatusChange, response: Response): Promise<void> {
    try {
      await this.people.update(actor, id, { active: change === 'reactivate' });
      response.redirect(303, `/admin/people/${id}?done=${change}d`);
    } catch (failure) {
      if (!(failure instanceof BusinessRuleError)) throw failure;
      await this.confirmStatus(actor, id, change, response, failure.message);
    }
  }

  private formRefusal(failure: unknown) {
    if (failure instanceof ConflictError || failure instanceof BusinessRuleError || failure instanceof NotFoundError) {
      const error = personFormRefusal(failure.code, failure.message);
      if (error) return error;
    }
    throw failure;
  }
}
