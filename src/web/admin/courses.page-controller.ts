import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { ConflictError } from '../../common/domain-error';
import { CoursesService } from '../../courses/courses.service';
import { type FormBody, textField } from '../forms/form-fields';
import { pageNumber } from '../forms/page-number';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { courseFormValues, readCourseForm } from './courses-form';
import { COURSES_PAGE_SIZE, courseConfirmView, courseFormView, courseListView, courseOutcome, coursePageView } from './courses-view';

const EMPTY_FORM = { title: '', description: '', durationMinutes: '', cpdHours: '' };

/**
 * The courses sessions are made of: the list (on offer, or archived), a course's page, adding and
 * changing one, archiving it (it stays on the sessions that used it), offering it again, and
 * deleting one no session uses.
 */
@PageController('admin/courses')
@Roles('admin')
export class CoursesPageController {
  constructor(private readonly courses: CoursesService) {}

  @Get()
  async list(@Query() query: FormBody, @Res() response: Response): Promise<void> {
    const showArchived = textField(query, 'show') === 'archived';
    const page = pageNumber(query);
    const courses = await this.courses.list({ archived: showArchived, limit: COURSES_PAGE_SIZE, offset: (page - 1) * COURSES_PAGE_SIZE });
    response.render('admin/courses/list.njk', courseListView(courses, page, showArchived, textField(query, 'done') === 'deleted'));
  }

  @Get('new')
  newForm(@Res() response: Response): void {
    response.render('admin/courses/form.njk', courseFormView(EMPTY_FORM, []));
  }

  @Post('new')
  async create(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const form = readCourseForm(body);
    if (!form.input) {
      response.status(400).render('admin/courses/form.njk', courseFormView(form.values, form.errors));
      return;
    }
    const course = await this.courses.create(actor, form.input);
    response.redirect(303, `/admin/courses/${course.id}?done=added`);
  }

  @Get(':id')
  async course(@Param('id', PageIdPipe) id: string, @Query('done') done: unknown, @Res() response: Response): Promise<void> {
    response.render('admin/courses/course.njk', coursePageView(await this.courses.usage(id), courseOutcome(done)));
  }

  @Get(':id/edit')
  async editForm(@Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    const course = await this.courses.get(id);
    response.render('admin/courses/form.njk', courseFormView(courseFormValues(course), [], course));
  }

  @Post(':id/edit')
  async edit(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const form = readCourseForm(body);
    if (!form.input) {
      const course = await this.courses.get(id);
      response.status(400).render('admin/courses/form.njk', courseFormView(form.values, form.errors, course));
      return;
    }
    await this.courses.update(actor, id, form.input);
    response.redirect(303, `/admin/courses/${id}?done=saved`);
  }

  @Get(':id/archive')
  async confirmArchive(@Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    response.render('admin/courses/archive.njk', courseConfirmView(await this.courses.usage(id), 'archive'));
  }

  @Post(':id/archive')
  async archive(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    await this.courses.update(actor, id, { archived: true });
    response.redirect(303, `/admin/courses/${id}?done=archived`);
  }

  @Post(':id/restore')
  async restore(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    await this.courses.update(actor, id, { archived: false });
    response.redirect(303, `/admin/courses/${id}?done=restored`);
  }

  @Get(':id/delete')
  async confirmDelete(@Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    response.render('admin/courses/delete.njk', courseConfirmView(await this.courses.usage(id), 'delete'));
  }

  @Post(':id/delete')
  async delete(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    try {
      await this.courses.delete(actor, id);
      response.redirect(303, '/admin/courses?done=deleted');
    } catch (failure) {
      // A session of it was added since the confirmation page was drawn.
      if (!(failure instanceof ConflictError)) throw failure;
      response.status(409).render('admin/courses/delete.njk', courseConfirmView(await this.courses.usage(id), 'delete', failure.message));
    }
  }
}
