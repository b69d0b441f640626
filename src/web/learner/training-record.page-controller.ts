import { Get, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { asAttachment } from '../../reports/csv-export';
import { MyTrainingService } from '../../reports/my-training.service';
import { PageController } from '../page-controller.decorator';
import { presentTrainingRecord } from '../presenters/training-record-view';

/** The person's own training record: what the API's GET /api/people/me/training answers, as a page and as CSV. */
@PageController()
export class TrainingRecordPageController {
  constructor(private readonly myTraining: MyTrainingService) {}

  @Get('training-record')
  async recordPage(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    const view = presentTrainingRecord(await this.myTraining.record(actor, {}));
    response.render('learner/training-record/training-record.njk', { pageTitle: 'My training record', view });
  }

  @Get('training-record.csv')
  async recordCsv(@CurrentActor() actor: Actor): Promise<StreamableFile> {
    return asAttachment(await this.myTraining.csv(actor, {}));
  }
}
