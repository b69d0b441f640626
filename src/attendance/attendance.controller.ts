import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-problems.decorator';
import { PaginationQueryDto } from '../common/pagination.dto';
import { AttendanceService } from './attendance.service';
import { CheckInService } from './check-in.service';
import { AttendanceChangePageDto } from './dto/attendance-change.dto';
import { CheckInCodeDto, CheckInDto, CheckInResultDto } from './dto/check-in.dto';
import { RegisterDto } from './dto/register.dto';
import { UpdateRegisterDto } from './dto/update-register.dto';
import { UuidPipe } from '../common/uuid.pipe';

const WHO_RUNS_THE_REGISTER =
  "The session's trainers and admins; anyone else gets 403 (every signed-in person can see the session). 404: unknown session.";

@ApiTags('attendance')
@ApiBearerAuth()
@Controller('api/sessions/:id')
export class AttendanceController {
  constructor(
    private readonly attendance: AttendanceService,
    private readonly checkIns: CheckInService,
  ) {}

  @Get('attendance')
  @Roles('trainer', 'admin')
  @ApiOperation({
    summary: 'The register: every confirmed booking plus walk-ins',
    description: `${WHO_RUNS_THE_REGISTER} A walk-in has \`walkIn: true\` and \`bookingId\` null.`,
  })
  @ApiOkResponse({ type: RegisterDto })
  @ApiProblems(400, 401, 403, 404)
  register(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<RegisterDto> {
    return this.attendance.register(actor, id);
  }

  @Put('attendance')
  @Roles('trainer', 'admin')
  @ApiOperation({
    summary: 'Mark the room: attended, absent or excused, in one request',
    description:
      `${WHO_RUNS_THE_REGISTER} Allowed from the session's start (before: 422), corrections any time later; ` +
      'never for a cancelled session (422). All entries are written in one transaction, or none. A person ' +
      'without a confirmed booking is added as a walk-in; they must be an active person (else 422 naming ' +
      'the entry). A person listed twice is 400. Each change (old and new status, who, when) goes to the ' +
      'history, the one that adds a walk-in with `walkIn: true`; an entry that repeats the current status ' +
      'writes none. Answers the whole register.',
  })
  @ApiOkResponse({ type: RegisterDto })
  @ApiProblems(400, 401, 403, 404, 422)
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: UpdateRegisterDto): Promise<RegisterDto> {
    return this.attendance.update(actor, id, body);
  }

  @Get('attendance/history')
  @Roles('trainer', 'admin')
  @ApiOperation({
    summary: "The register's audit trail, oldest first",
    description: `${WHO_RUNS_THE_REGISTER} The entry that added a walk-in (someone without a confirmed booking) has \`walkIn: true\`.`,
  })
  @ApiOkResponse({ type: AttendanceChangePageDto })
  @ApiProblems(400, 401, 403, 404)
  history(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Query() page: PaginationQueryDto): Promise<AttendanceChangePageDto> {
    return this.attendance.history(actor, id, page);
  }

  @Post('check-in-code')
  @HttpCode(200)
  @Roles('trainer', 'admin')
  @ApiOperation({
    summary: 'The self check-in code to show in the room',
    description:
      `${WHO_RUNS_THE_REGISTER} Made on the first request and the same for the whole session. ` +
      'Learners can use it from 15 minutes before the start until the end. A cancelled session has none (422).',
  })
  @ApiOkResponse({ type: CheckInCodeDto })
  @ApiProblems(400, 401, 403, 404, 422)
  checkInCode(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<CheckInCodeDto> {
    return this.checkIns.code(actor, id);
  }

  @Post('check-in')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Self check-in with the code shown in the room',
    description:
      'For a signed-in person with a confirmed booking for this session (else 422), from 15 minutes before ' +
      'the start until the end (else 422). Marks them attended (history source "check-in"). A wrong code, ' +
      "including another session's, is 422; after 5 wrong codes within 10 minutes a person gets 429 with " +
      'Retry-After, whichever app instance they reach.',
  })
  @ApiOkResponse({ type: CheckInResultDto })
  @ApiProblems(400, 401, 404, 422, 429)
  checkIn(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: CheckInDto): Promise<CheckInResultDto> {
    return this.checkIns.checkIn(actor, id, body.code);
  }
}
