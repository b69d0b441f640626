import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-problems.decorator';
import { Page } from '../common/pagination.dto';
import { ListOutboxQueryDto } from './dto/list-outbox-query.dto';
import { OutboxMessageDto, OutboxPageDto } from './dto/outbox-message.dto';
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
  list(@Query() query: ListOutboxQueryDto): Promise<Page<OutboxMessageDto>> {
    return this.outbox.list(query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a failed e-mail again', description: 'Puts a failed message back in the queue with a fresh set of attempts. 409 unless the message has failed.' })
  @ApiOkResponse({ type: OutboxMessageDto })
  @ApiProblems(400, 401, 403, 404, 409)
  retry(@Param('id', UuidPipe) id: string): Promise<OutboxMessageDto> {
    return this.outbox.retry(id);
  }
}
