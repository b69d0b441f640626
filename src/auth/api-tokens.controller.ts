import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problems.decorator';
import type { Page } from '../common/pagination.dto';
import { ApiTokensService } from './api-tokens.service';
import { Roles } from './auth.decorators';
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
    description: 'The token acts as the given person, never expires, and is shown only in this answer (stored as a hash).',
  })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  @ApiProblems(400, 404)
  create(@Body() body: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.apiTokens.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List API tokens', description: 'Newest first; never shows the secrets.' })
  @ApiOkResponse({ type: ApiTokenPageDto })
  @ApiProblems(400)
  list(@Query() query: ListApiTokensQueryDto): Promise<Page<ApiTokenDto>> {
    return this.apiTokens.list(query);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an API token', description: 'Revoking a revoked token answers 204 again.' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems(400, 404)
  revoke(@Param('id', UuidPipe) id: string): Promise<void> {
    return this.apiTokens.revoke(id);
  }
}
