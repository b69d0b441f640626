import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-problems.decorator';
import { CalendarService } from './calendar.service';
import { CalendarFeedDto } from './dto/calendar-feed.dto';
import { UuidPipe } from '../common/uuid.pipe';

const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';
const ICALENDAR_BODY = { content: { 'text/calendar': { schema: { type: 'string' } } } };

@ApiTags('calendar')
@Controller('api')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('sessions/:id/calendar.ics')
  @ApiBearerAuth()
  @Header('Content-Type', CALENDAR_CONTENT_TYPE)
  @Header('Content-Disposition', 'attachment; filename="training-session.ics"')
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary: 'The session as an iCalendar file',
    description:
      'One VEVENT with METHOD:PUBLISH (a plain download, not a meeting request). Its UID is the one the caller\'s ' +
      'invitations use for this session, so importing it updates an invited event rather than adding a copy. ' +
      'A cancelled session comes with STATUS:CANCELLED.',
  })
  @ApiOkResponse({ description: 'iCalendar (RFC 5545) text.', ...ICALENDAR_BODY })
  @ApiProblems(400, 401, 404)
  sessionCalendar(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<string> {
    return this.calendar.sessionCalendar(actor, id);
  }

  @Get('people/me/calendar-feed')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Address of my calendar feed',
    description: 'A secret address serving my confirmed sessions as an iCalendar feed, for calendar subscriptions. The same address every time until rotated.',
  })
  @ApiOkResponse({ type: CalendarFeedDto })
  @ApiProblems(401)
  feedAddress(@CurrentActor() actor: Actor): Promise<CalendarFeedDto> {
    return this.calendar.feedAddress(actor);
  }

  @Post('people/me/calendar-feed/rotate')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Replace my calendar feed address', description: 'The old address answers 404 from now on.' })
  @ApiOkResponse({ type: CalendarFeedDto })
  @ApiProblems(401)
  rotateFeed(@CurrentActor() actor: Actor): Promise<CalendarFeedDto> {
    return this.calendar.rotateFeed(actor);
  }

  @Public()
  @Get('calendar-feeds/:token.ics')
  @Header('Content-Type', CALENDAR_CONTENT_TYPE)
  @Header('Cache-Control', 'private, no-cache')
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary: 'A personal calendar feed',
    description:
      'No sign-in: the secret in the address is the credential. METHOD:PUBLISH, one VEVENT per confirmed booking of a scheduled ' +
      'session that ended within the last year or is still to come. 404 for an unknown or rotated address.',
  })
  @ApiOkResponse({ description: 'iCalendar (RFC 5545) text.', ...ICALENDAR_BODY })
  @ApiProblems(404)
  feed(@Param('token') token: string): Promise<string> {
    return this.calendar.feed(token);
  }
}
