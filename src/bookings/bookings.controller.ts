import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-problems.decorator';
import { BookingsService } from './bookings.service';
import { BookingDto, BookingPageDto } from './dto/booking.dto';
import { CreateBookingDto } from './dto/create-booking.dto';
import { ListBookingsQueryDto } from './dto/list-bookings-query.dto';
import { IdempotencyKey } from './idempotency-key.decorator';
import { UuidPipe } from '../common/uuid.pipe';

@ApiTags('bookings')
@Controller('api/bookings')
export class BookingsController {
  constructor(private readonly bookings: BookingsService) {}

  @Post()
  @ApiOperation({
    summary: 'Book a session (yourself, or someone you may book for)',
    description:
      '`confirmed` while seats are left, else `waitlisted` with a 1-based position (first come, first served), ' +
      'or 422 `session-full` when the session has no waitlist. Another person (`personId`) may be booked by admins, ' +
      "managers (people of their organisation) and the session's trainers; anyone else gets 403, whoever the person " +
      'is. 404 for an unknown session, and for a person the caller may not see (a manager naming someone outside ' +
      'their organisation), or who is inactive or erased. 409 `duplicate-booking` when the person already holds an active booking; ' +
      '422 `session-cancelled`, `session-started`, `booking-closed`, or `booking-not-open` before the session\'s ' +
      '`bookingOpensAt` (the message names the instant).\n\n' +
      'With an `Idempotency-Key` header, a repeat of the same request (same caller, key and body) within 24 hours ' +
      'answers the first 201 again, with `Idempotent-Replayed: true`, and books nothing more, even when the two ' +
      'requests arrive together. The same key with another body is 422 `idempotency-key-reused`. Refused requests ' +
      'are not stored: retrying one with the same key tries again.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Up to 200 printable ASCII characters, unique per intended booking.' })
  @ApiCreatedResponse({ type: BookingDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateBookingDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BookingDto> {
    const answer = await this.bookings.book(actor, dto, idempotencyKey);
    if (answer.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return answer.booking;
  }

  @Get()
  @ApiOperation({
    summary: 'List bookings in your scope',
    description:
      'Learners see their own bookings; trainers also those of the sessions they train; managers those of ' +
      "their organisation's people; admins all. Oldest first.",
  })
  @ApiOkResponse({ type: BookingPageDto })
  @ApiProblems(400, 401)
  list(@CurrentActor() actor: Actor, @Query() query: ListBookingsQueryDto): Promise<BookingPageDto> {
    return this.bookings.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One booking (404 outside your scope)' })
  @ApiOkResponse({ type: BookingDto })
  @ApiProblems(400, 401, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<BookingDto> {
    return this.bookings.get(actor, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a booking',
    description:
      "The person, admins, the person's managers and the session's trainers may cancel (others get 404). " +
      'A freed seat goes to the first on the waitlist in the same transaction, who is told. Nobody cancels once ' +
      'the session has started (422 `session-started`; the attendance register records what happened from then ' +
      'on); cancelling a cancelled booking is 422 `booking-cancelled`.',
  })
  @ApiOkResponse({ type: BookingDto })
  @ApiProblems(400, 401, 404, 422)
  cancel(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<BookingDto> {
    return this.bookings.cancel(actor, id);
  }
}
