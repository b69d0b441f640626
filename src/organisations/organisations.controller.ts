import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-problems.decorator';
import { PaginationQueryDto, type Page } from '../common/pagination.dto';
import { CreateOrganisationDto, OrganisationDto, OrganisationPageDto, UpdateOrganisationDto } from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';
import { UuidPipe } from '../common/uuid.pipe';

@ApiTags('organisations')
@Controller('api/organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOperation({ summary: 'List organisations', description: 'Any signed-in person; ordered by name.' })
  @ApiOkResponse({ type: OrganisationPageDto })
  @ApiProblems(400)
  list(@Query() query: PaginationQueryDto): Promise<Page<OrganisationDto>> {
    return this.organisations.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One organisation' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(400, 404)
  get(@Param('id', UuidPipe) id: string): Promise<OrganisationDto> {
    return this.organisations.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add an organisation', description: 'The code is upper-cased and must be unique (409).' })
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiProblems(400, 409)
  create(@CurrentActor() actor: Actor, @Body() body: CreateOrganisationDto): Promise<OrganisationDto> {
    return this.organisations.create(actor, body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change an organisation',
    description: 'Send only the fields to change. The code is upper-cased and must stay unique (409); HR files name the organisation by it.',
  })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(400, 404, 409)
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: UpdateOrganisationDto): Promise<OrganisationDto> {
    return this.organisations.update(actor, id, body);
  }
}
