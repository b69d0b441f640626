import { Controller, Get, Headers, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-problems.decorator';
import { asAttachment } from './csv-export';
import { MyTrainingDto, MyTrainingQueryDto } from './dto/my-training.dto';
import { MyTrainingService } from './my-training.service';
import { wantsCsv } from './report-definitions';

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(MyTrainingDto)
@Controller('api/people/me/training')
export class MyTrainingController {
  constructor(private readonly myTraining: MyTrainingService) {}

  @Get()
  @ApiOperation({
    summary: "The caller's own training record: sessions attended, with CPD hours and totals",
    description:
      'Sessions (not cancelled) the caller was marked attended at, oldest first, optionally within `from`/`to` ' +
      '(as in the reports). With `format=csv` (or Accept preferring text/csv): a CSV download, UTF-8 with a ' +
      'byte-order mark, cells neutralised against formulas.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(MyTrainingDto) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiProblems(400, 401)
  async record(@CurrentActor() actor: Actor, @Query() query: MyTrainingQueryDto, @Headers('accept') accept?: string): Promise<MyTrainingDto | StreamableFile> {
    if (wantsCsv(query.format, accept)) return asAttachment(await this.myTraining.csv(actor, query));
    return this.myTraining.record(actor, query);
  }
}
