import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problems.decorator';
import type { Page } from '../common/pagination.dto';
import type { Actor } from './actor';
import { ApiTokensService } from './api-tokens.service';
import { CurrentActor, Roles } from './auth.decorators';
import { ApiTokenDto, ApiTokenPageDto, CreateApiTokenDto, CreatedApiTokenDto, ListApiTokensQueryDto } from './dto/api-token.dto';
import { UuidPipe } from '../common/uuid.pipe';

@ApiTags('sign-in')
@Controller('api/auth/api-tokens')
@Roles('admin')
export class ApiTokensController {
  constructor(private readonly apiTokens: ApiTokensService) {}

  @Post()
  @ApiOperation({
    summary: 'Issue an API token for an integration',
    description:
      'The token acts as the given person (an active one: 404 otherwise), never expires, and is shown only in this answer (stored as a hash). ' +
      'It stops working when revoked, when the person is deactivated, and when they are erased.',
  })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  @ApiProblems(400, 404)
  create(@CurrentActor() actor: Actor, @Body() body: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.apiTokens.create(actor, { personId: body.personId }, body.name);
  }

  @Get()
  @ApiOperation({ summary: 'List API tokens', description: 'Newest first; never shows the secrets.' })
  @ApiOkResponse({ type: ApiTokenPageDto })
  @ApiProblems(400)
  list(@CurrentActor() actor: Actor, @Query() query: ListApiTokensQueryDto): Promise<Page<ApiTokenDto>> {
    return this.apiTokens.list(actor, query);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an API token', description: 'Revoking a revoked token answers 204 again.' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems(400, 404)
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.apiTokens.revoke(actor, id);
  }
}
