import { Body, Get, Param, Post, Query, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { BusinessRuleError, ConflictError, InvalidInputError, type FieldError } from '../../common/domain-error';
import { CSV_UPLOAD_LIMIT_BYTES } from '../../people/csv-body.decorator';
import { UnreadableFileError } from '../../people/hr-csv';
import { PeopleImportDrafts } from '../../people/people-import-drafts.service';
import { type FormBody, textField } from '../forms/form-fields';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { columnsFormValues, PREVIEW_PAGE_SIZE, readColumnsForm, readPreviewQuery } from './import-forms';
import { ImportUploadFilter } from './import-upload.filter';
import { columnsView, importedView, previewView, UPLOAD_PAGE, uploadView } from './import-view';
import { PeoplePages } from './people-pages.service';

/** What FileInterceptor's multer (memory storage, its default) gives the route: the file's name and bytes. */
interface UploadedCsv {
  originalname: string;
  buffer: Buffer;
}

/**
 * Importing people from an HR list in three steps, each served by whichever app instance gets
 * the request (the upload is kept in the database by PeopleImportDrafts): upload or paste, match
 * the columns when the headings are not ours, preview the dry run page by page, then confirm,
 * all or nothing.
 */
@PageController('admin/people/import')
@Roles('admin')
export class PeopleImportPageController {
  constructor(
    private readonly drafts: PeopleImportDrafts,
    private readonly pages: PeoplePages,
  ) {}

  @Get()
  upload(@Res() response: Response): void {
    response.render(UPLOAD_PAGE, uploadView(String(response.locals.csrfToken)));
  }

  /** A file (multipart, whose form token is in the query string) or pasted rows. */
  @Post()
  @UseFilters(ImportUploadFilter)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: CSV_UPLOAD_LIMIT_BYTES, files: 1, fieldSize: CSV_UPLOAD_LIMIT_BYTES, fields: 5 } }))
  async receive(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedCsv | undefined,
    @Body() body: FormBody | undefined,
    @Res() response: Response,
  ): Promise<void> {
    // Not trimmed: the rows keep their line breaks; a blank paste is no paste.
    const pasted = typeof body?.pasted === 'string' && body.pasted.trim() !== '' ? body.pasted : '';
    const refuse = (error: FieldError) => response.status(400).render(UPLOAD_PAGE, uploadView(String(response.locals.csrfToken), [error], pasted));
    if (!file && !pasted) return refuse({ field: 'file', message: 'Choose a CSV file, or paste the rows' });
    if (file && pasted) return refuse({ field: 'file', message: 'Choose a file or paste the rows, not both' });
    try {
      const draft = await this.drafts.upload(actor, file ? { fileName: file.originalname.slice(0, 255), bytes: file.buffer } : { pasted });
      response.redirect(303, `/admin/people/import/${draft.id}${draft.needsColumns ? '/columns' : ''}`);
    } catch (failure) {
      if (!(failure instanceof UnreadableFileError)) throw failure;
      refuse({ field: file ? 'file' : 'pasted', message: failure.message });
    }
  }

  /** After the import: the counts come in the address (a redirect, so refreshing the page imports nothing again). */
  @Get('imported')
  imported(@Query() query: FormBody, @Res() response: Response): void {
    const count = (name: string) => (/^\d{1,7}$/.test(textField(query, name)) ? Number(textField(query, name)) : 0);
    const result = { created: count('created'), updated: count('updated'), unchanged: count('unchanged') };
    response.render('admin/import/imported.njk', importedView(result, textField(query, 'welcomed') === 'yes'));
  }

  @Get(':id/columns')
  async columns(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    const draft = await this.drafts.get(actor, id);
    const values = columnsFormValues(draft.columns ?? draft.suggested, draft.organisationForAll);
    response.render('admin/import/columns.njk', columnsView(draft, await this.pages.allOrganisations(), values));
  }

  @Post(':id/columns')
  async chooseColumns(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const draft = await this.drafts.get(actor, id);
    const form = readColumnsForm(body, draft.headings.length);
    if (form.errors.length === 0) {
      try {
        await this.drafts.chooseColumns(actor, id, form.choice);
        response.redirect(303, `/admin/people/import/${id}`);
        return;
      } catch (failure) {
        if (!(failure instanceof InvalidInputError)) throw failure;
        form.errors.push(...((failure.errors ?? []) as FieldError[]));
      }
    }
    response.status(400).render('admin/import/columns.njk', columnsView(draft, await this.pages.allOrganisations(), form.values, form.errors));
  }

  @Get(':id')
  async preview(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Query() query: FormBody, @Res() response: Response): Promise<void> {
    const read = readPreviewQuery(query);
    const draft = await this.drafts.get(actor, id);
    if (draft.needsColumns) {
      response.redirect(303, `/admin/people/import/${id}/columns`);
      return;
    }
    const preview = await this.drafts.preview(actor, id, { action: read.action, offset: (read.page - 1) * PREVIEW_PAGE_SIZE, limit: PREVIEW_PAGE_SIZE });
    response.status(preview.counts ? 200 : 422).render('admin/import/preview.njk', previewView(preview, read));
  }

  @Post(':id/confirm')
  async confirm(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const welcome = textField(body, 'welcome') === 'yes';
    try {
      const result = await this.drafts.confirm(actor, id, { fingerprint: textField(body, 'fingerprint'), welcome });
      const counts = new URLSearchParams({ created: String(result.created), updated: String(result.updated), unchanged: String(result.unchanged) });
      if (welcome) counts.set('welcomed', 'yes');
      response.redirect(303, `/admin/people/import/imported?${counts}`);
    } catch (failure) {
      // The file changed under the preview, or has problems after all: show the preview again as it stands now.
      if (!(failure instanceof ConflictError || failure instanceof BusinessRuleError)) throw failure;
      const preview = await this.drafts.preview(actor, id, { offset: 0, limit: PREVIEW_PAGE_SIZE });
      const view = previewView(preview, { page: 1 });
      response.status(failure.status).render('admin/import/preview.njk', { ...view, refusal: failure.message });
    }
  }

  @Post(':id/discard')
  async discard(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    await this.drafts.discard(actor, id);
    response.redirect(303, '/admin/people/import');
  }
}
