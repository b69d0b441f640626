import { Module } from '@nestjs/common';
import { MyTrainingController } from './my-training.controller';
import { MyTrainingService } from './my-training.service';
import { PeopleReportService } from './people-report.service';
import { ReportsController } from './reports.controller';
import { TrainingReportService } from './training-report.service';

@Module({
  controllers: [ReportsController, MyTrainingController],
  providers: [TrainingReportService, PeopleReportService, MyTrainingService],
  exports: [MyTrainingService, TrainingReportService, PeopleReportService],
})
export class ReportsModule {}
