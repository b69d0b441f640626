import { pipeline } from 'node:stream';
import { Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { hasRole, type Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { DEFAULT_PAGE_SIZE } from '../../common/pagination.dto';
import type { CsvDownload } from '../../reports/csv-export';
import { PeopleReportService } from '../../reports/people-report.service';
import { TrainingReportService } from '../../reports/training-report.service';
import { FormBody, textField } from '../forms/form-fields';
import { PageController } from '../page-controller.decorator';
import { ManagerPages } from './manager-pages.service';
import { notYetTrainedView } from './not-yet-trained-view';
import { readReportFilters } from './report-filters';
import { trainingReportView } from './training-report-view';

/** Far enough for any real list; keeps the offset within what the service accepts. */
const LAST_PAGE = 100_000;

/**
 * Sends a report service's CSV as a download, as the API does. These routes answer by hand
 * because with wrong filters they draw the report page (with the errors) instead.
 */
function sendCsv(response: Response, download: CsvDownload): void {
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${download.filename}"`);
  // A failing source destroys the response, so a cut-off file never looks complete.
  pipeline(download.stream, response, () => undefined);
}

function pageNumber(query: FormBody): number {
  const text = textField(query, 'page');
  return /^\d{1,6}$/.test(text) ? Math.min(Math.max(Number(text), 1), LAST_PAGE) : 1;
}

/**
 * The managers' reports: "48 of 71 social workers trained" for their organisation (an admin's:
 * every organisation, or one) and who is not yet trained, each as a page and as the API's CSV
 * for the same filters. The report services decide what each reader may see.
 */
@PageController('reports')
@Roles('manager', 'admin')
export class ReportsPageController {
  constructor(
    private readonly pages: ManagerPages,
    private readonly trainingReport: TrainingReportService,
    private readonly peopleReport: PeopleReportService,
  ) {}

  @Get('training')
  async training(@CurrentActor() actor: Actor, @Query() query: FormBody, @Res() response: Response): Promise<void> {
    const read = readReportFilters(query, { admin: hasRole(actor, 'admin') });
    const data = await this.pages.trainingReport(actor, read.filters);
    response.status(read.errors.length > 0 ? 400 : 200).render('manager/training-report.njk', trainingReportView(read, data));
  }

  /** The report as the API's CSV; filters with errors show the page with them instead. */
  @Get('training.csv')
  async trainingCsv(@CurrentActor() actor: Actor, @Query() query: FormBody, @Res() response: Response): Promise<void> {
    const read = readReportFilters(query, { admin: hasRole(actor, 'admin') });
    if (!read.filters) {
      response.status(400).render('manager/training-report.njk', trainingReportView(read, await this.pages.trainingReport(actor, undefined)));
      return;
    }
    sendCsv(response, await this.trainingReport.csv(actor, read.filters));
  }

  @Get('not-yet-trained')
  async notYetTrained(@CurrentActor() actor: Actor, @Query() query: FormBody, @Res() response: Response): Promise<void> {
    const read = readReportFilters(query, { admin: hasRole(actor, 'admin') });
    const page = pageNumber(query);
    const data = await this.pages.notYetTrained(actor, read.filters, page);
    response.status(read.errors.length > 0 ? 400 : 200).render('manager/not-yet-trained.njk', notYetTrainedView(read, data, page));
  }

  /** Everyone not yet trained, as the API's people report CSV with trained=false. */
  @Get('not-yet-trained.csv')
  async notYetTrainedCsv(@CurrentActor() actor: Actor, @Query() query: FormBody, @Res() response: Response): Promise<void> {
    const read = readReportFilters(query, { admin: hasRole(actor, 'admin') });
    if (!read.filters) {
      response.status(400).render('manager/not-yet-trained.njk', notYetTrainedView(read, await this.pages.notYetTrained(actor, undefined, 1), 1));
      return;
    }
    const { groupBy: _groupBy, ...filters } = read.filters;
    // The CSV holds every row: paging does not apply to it.
    sendCsv(response, await this.peopleReport.csv(actor, { ...filters, trained: false, limit: DEFAULT_PAGE_SIZE, offset: 0 }));
  }
}
