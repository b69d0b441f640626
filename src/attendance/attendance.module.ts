import { Module } from '@nestjs/common';
import { AttendanceController } from './attendance.controller';
import { AttendanceService } from './attendance.service';
import { CheckInService } from './check-in.service';

@Module({
  controllers: [AttendanceController],
  providers: [AttendanceService, CheckInService],
  exports: [CheckInService, AttendanceService],
})
export class AttendanceModule {}
