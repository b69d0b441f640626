import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-problems.decorator';
import { Page } from '../common/pagination.dto';
import { ListOutboxQueryDto } from './dto/list-outbox-query.dto';
import { MailDeliveryDto, OutboxMessageDto, OutboxPageDto, RetriedDto } from './dto/outbox-message.dto';
import { OutboxService } from './outbox.service';
import { UuidPipe } from '../common/uuid.pipe';

@ApiTags('admin: outbox')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @ApiOperation({
    summary: 'E-mails waiting, sent or failed',
    description:
      'Every e-mail is written to this outbox in the transaction that causes it and delivered by a background dispatcher. ' +
      'Connection failures, timeouts and 4xx SMTP replies are retried with exponential back-off up to MAIL_MAX_ATTEMPTS; ' +
      'a 5xx SMTP rejection marks the message failed at once. Newest first.',
  })
  @ApiOkResponse({ type: OutboxPageDto })
  @ApiProblems(400, 401, 403)
  list(@CurrentActor() actor: Actor, @Query() query: ListOutboxQueryDto): Promise<Page<OutboxMessageDto>> {
    return this.outbox.list(actor, query);
  }

  @Get('delivery')
  @ApiOperation({
    summary: 'Whether mail is getting out',
    description:
      'Connects to the SMTP server (a check of at most a few seconds, on a connection of its own) and answers whether it ' +
      'accepted the connection and sign-in, when a message was last delivered, and how many messages have failed, are ' +
      'delayed after a failed attempt, or wait for their first.',
  })
  @ApiOkResponse({ type: MailDeliveryDto })
  @ApiProblems(401, 403)
  delivery(@CurrentActor() actor: Actor): Promise<MailDeliveryDto> {
    return this.outbox.delivery(actor);
  }

  @Post('retry-failed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send every failed e-mail again', description: 'Puts every failed message back in the queue with a fresh set of attempts; answers how many.' })
  @ApiOkResponse({ type: RetriedDto })
  @ApiProblems(401, 403)
  retryAllFailed(@CurrentActor() actor: Actor): Promise<RetriedDto> {
    return this.outbox.retryAllFailed(actor);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a failed e-mail again', description: 'Puts a failed message back in the queue with a fresh set of attempts. 409 unless the message has failed.' })
  @ApiOkResponse({ type: OutboxMessageDto })
  @ApiProblems(400, 401, 403, 404, 409)
  retry(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<OutboxMessageDto> {
    return this.outbox.retry(actor, id);
  }
}
