import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-problems.decorator';
import { CancelSessionDto } from './dto/cancel-session.dto';
import { CreateSessionDto } from './dto/create-session.dto';
import { ListSessionsQueryDto } from './dto/list-sessions-query.dto';
import { SessionDto, SessionPageDto } from './dto/session.dto';
import { UpdateSessionDto } from './dto/update-session.dto';
import { SessionsService } from './sessions.service';
import { UuidPipe } from '../common/uuid.pipe';

@ApiTags('sessions')
@Controller('api/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post()
  @Roles('trainer', 'admin')
  @ApiOperation({
    summary: 'Create a training session',
    description:
      '`endsAt` after `startsAt`, `bookingOpensAt` (null: open at once) before `startsAt` and `bookingClosesAt`, and ' +
      'capacity 1 to 1000 (400 otherwise, naming the field); `timezone` a valid IANA zone. An unknown ' +
      '`courseId`, or a `trainerIds` entry that is not an active person with the trainer role, is 422 ' +
      '`unknown-reference` with the field in `errors`; an archived course is 422 `course-archived`. A trainer who ' +
      'leaves out `trainerIds` becomes the ' +
      'trainer. Past sessions may be created, to record training that already happened; they take no bookings.',
  })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiProblems(400, 401, 403, 422)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSessionDto): Promise<SessionDto> {
    return this.sessions.create(actor, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'List sessions by start time',
    description:
      '`from`/`to` bound the start (inclusive). `available=true` lists only sessions that take bookings now: ' +
      'scheduled, not started, not closed for booking, and with a seat left or a waitlist; `seatsLeft=true` ' +
      'lists only those of them with a free seat.',
  })
  @ApiOkResponse({ type: SessionPageDto })
  @ApiProblems(400, 401)
  // Answered from the cached page's own JSON bytes (JsonAnswer), so the response is written here, not by Nest.
  async list(@Query() query: ListSessionsQueryDto, @Res() response: Response): Promise<void> {
    (await this.sessions.listAnswer(query)).send(response);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One session, with live confirmedCount, waitlistCount and seatsLeft' })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(400, 401, 404)
  get(@Param('id', UuidPipe) id: string): Promise<SessionDto> {
    return this.sessions.get(id);
  }

  @Patch(':id')
  @Roles('trainer', 'admin')
  @ApiOperation({
    summary: 'Change a session (its trainers, admins)',
    description:
      'A trainer who does not train the session gets 403 (every session is visible to everyone signed in, so ' +
      'this reveals nothing). A change of startsAt, endsAt, timezone, location or onlineUrl sends every confirmed ' +
      'attendee an updated invitation; `bookingOpensAt` must stay before `startsAt` and `bookingClosesAt` (400); a capacity rise promotes from the waitlist at once; a capacity below ' +
      '`confirmedCount` is 409 `capacity-below-confirmed`; a cancelled session is 422 `session-cancelled`. ' +
      'Turning the waitlist off keeps the people already on it.',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateSessionDto): Promise<SessionDto> {
    return this.sessions.update(actor, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('trainer', 'admin')
  @ApiOperation({
    summary: 'Cancel a session (its trainers, admins)',
    description:
      'Every confirmed and waitlisted booking is cancelled and each person is told. Cancelling a cancelled ' +
      'session is 422 `session-cancelled`.',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(400, 401, 403, 404, 422)
  cancel(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: CancelSessionDto): Promise<SessionDto> {
    return this.sessions.cancel(actor, id, dto);
  }
}
