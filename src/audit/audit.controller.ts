import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-problems.decorator';
import type { Page } from '../common/pagination.dto';
import { AuditService } from './audit.service';
import { AuditEventDto, AuditEventPageDto, ListAuditEventsQueryDto } from './dto/audit-event.dto';

@ApiTags('admin: audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'Changes made to people, imports, organisations, courses and API tokens',
    description:
      'Who changed what and when, newest first: people added, changed (with the names of the fields), their roles ' +
      'changed, deactivated, reactivated or erased; HR imports with their counts; organisations and courses added or ' +
      'changed, courses archived, restored or deleted; API tokens issued and revoked. Each change is recorded in the ' +
      'transaction that makes it. People are named as they are now: an erased person has `name: null`, and no name ' +
      'or e-mail address of a person is kept in `details`.',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiProblems(400, 401, 403)
  list(@CurrentActor() actor: Actor, @Query() query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    return this.audit.list(actor, query);
  }
}
