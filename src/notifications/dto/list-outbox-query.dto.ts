import { IsIn, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination.dto';
import { OUTBOX_STATUSES, type OutboxStatus } from '../outbox-message.entity';

export class ListOutboxQueryDto extends PaginationQueryDto {
  /** Only messages in this state; all when omitted. */
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;
}
