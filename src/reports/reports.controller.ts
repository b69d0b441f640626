import { Controller, Get, Headers, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-problems.decorator';
import { asAttachment } from './csv-export';
import { PeopleReportPageDto } from './dto/people-report.dto';
import { PeopleReportQueryDto, TrainingReportQueryDto } from './dto/report-query.dto';
import { TrainingReportDto } from './dto/training-report.dto';
import { PeopleReportService } from './people-report.service';
import { wantsCsv } from './report-definitions';
import { TrainingReportService } from './training-report.service';

const SCOPE =
  'Managers see their own organisation (naming another is 404); admins all organisations, or one with ' +
  '`organisationId`. `from`/`to` bound the session start, both optional (omitted: unbounded; the answer echoes ' +
  'the effective instants, null when unbounded); a plain date is a whole day in Europe/London. `from` after ' +
  '`to`, a malformed date or an unknown `groupBy` is 400; an unknown course or organisation 404. ' +
  'The cohort is every active person with the learner role in scope; erased people stay in it and count ' +
  'anonymously. Only records of cohort members in non-cancelled sessions count.';

const CSV =
  'With `format=csv` (or an Accept header preferring text/csv) the answer is a CSV download: UTF-8 with a ' +
  'byte-order mark, a header line, and every cell starting with =, +, -, @, tab or carriage return prefixed ' +
  'with a single quote.';

function jsonOrCsv(model: { name: string }): Parameters<typeof ApiOkResponse>[0] {
  return {
    content: {
      'application/json': { schema: { $ref: getSchemaPath(model.name) } },
      'text/csv': { schema: { type: 'string' } },
    },
  };
}

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(TrainingReportDto, PeopleReportPageDto)
@Controller('api/reports/training')
export class ReportsController {
  constructor(
    private readonly trainingReport: TrainingReportService,
    private readonly peopleReport: PeopleReportService,
  ) {}

  @Get()
  @Roles('manager', 'admin')
  @ApiOperation({
    summary: 'How many of the cohort are trained: totals and rows by organisation, team, course or month',
    description:
      `${SCOPE} trained: cohort members with at least one \`attended\` record, counted once however many. ` +
      'attendances: `attended` records; noShows: `absent` records (`excused` counts as neither); sessions: ' +
      'counted sessions with at least one record (any status) of a cohort member. percentTrained = ' +
      'trained / cohort × 100 to one decimal (0 for an empty cohort). Rows by organisation or team carry ' +
      "that group's cohort; rows by course or month carry the whole scope's cohort, so their trained counts " +
      'people trained on that course or in that month. Months are calendar months in Europe/London. ' +
      `groupBy defaults to organisation. ${CSV} The CSV's columns, under human-readable headings: the row's label (headed ` +
      'Organisation, Team, Course or Month), Cohort, Trained, Percent trained, Attendances, No-shows, then its key (Organisation ID, ' +
      'Team key (organisation ID/team), Course ID or Month (YYYY-MM)); it ends with a Total line.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(jsonOrCsv(TrainingReportDto))
  @ApiProblems(400, 401, 403, 404)
  async training(
    @CurrentActor() actor: Actor,
    @Query() query: TrainingReportQueryDto,
    @Headers('accept') accept?: string,
  ): Promise<TrainingReportDto | StreamableFile> {
    if (wantsCsv(query.format, accept)) return asAttachment(await this.trainingReport.csv(actor, query));
    return this.trainingReport.report(actor, query);
  }

  @Get('people')
  @Roles('manager', 'admin')
  @ApiOperation({
    summary: 'One row per cohort member: trained or not, sessions attended, walk-ins, last attended, next booking',
    description:
      `${SCOPE} \`trained=false\` lists who still needs training. \`walkIns\` counts the sessions attended as a ` +
      'walk-in (added to the register without a booking), so a manager can see where a count came from. ' +
      '`nextBooking` is the soonest scheduled session still to start that the person holds a confirmed or ' +
      'waitlisted place on (of the course, if `courseId` is given; `from` and `to` do not apply), or null. ' +
      `JSON is paged (limit, offset) and ordered by e-mail address with erased people (name and e-mail null) last. ${CSV} ` +
      'The CSV holds every row (limit and offset do not apply) and is streamed from the database as it is written. ' +
      'Its columns, under human-readable headings: Name, E-mail, Organisation, Team, Trained (yes/no), Sessions ' +
      'attended, Walk-ins, Last attended (UTC), Next booking: course, Next booking: starts (UTC), Next booking: ' +
      'status, then Person ID, Organisation ID and Next booking: session ID.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(jsonOrCsv(PeopleReportPageDto))
  @ApiProblems(400, 401, 403, 404)
  async people(
    @CurrentActor() actor: Actor,
    @Query() query: PeopleReportQueryDto,
    @Headers('accept') accept?: string,
  ): Promise<PeopleReportPageDto | StreamableFile> {
    if (wantsCsv(query.format, accept)) return asAttachment(await this.peopleReport.csv(actor, query));
    return this.peopleReport.page(actor, query);
  }
}
