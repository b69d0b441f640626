import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiProblems, ProblemDetailsDto } from '../common/api-problems.decorator';
import type { Page } from '../common/pagination.dto';
import { CsvBody } from './csv-body.decorator';
import { ListPeopleQueryDto } from './dto/list-people-query.dto';
import { ImportPeopleQueryDto, PeopleImportResultDto } from './dto/people-import.dto';
import { CreatePersonDto, UpdatePersonDto } from './dto/person-input.dto';
import { PersonDto, PersonSummaryDto } from './dto/person.dto';
import { PEOPLE_CSV_HEADER } from './people-csv';
import { PeopleImportService } from './people-import.service';
import { PeopleService } from './people.service';
import { UuidPipe } from '../common/uuid.pipe';

const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } };

@ApiTags('people')
@ApiExtraModels(PersonDto, PersonSummaryDto)
@Controller('api/people')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly peopleImport: PeopleImportService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a person', description: 'The e-mail address is unique, case-insensitively (409). Roles default to ["learner"].' })
  @ApiCreatedResponse({ type: PersonDto })
  @ApiProblems(400, 404, 409)
  create(@Body() body: CreatePersonDto): Promise<PersonDto> {
    return this.people.create(body);
  }

  @Get()
  @Roles('admin', 'manager', 'trainer')
  @ApiOperation({
    summary: 'List or search people',
    description:
      'Admins see everyone; managers their own organisation (asking for another organisation is 404). ' +
      '`q` matches part of the name or e-mail address, ignoring letter case and accents ("oran", "ORAN" and ' +
      '"Òran" all find "Òran MacÌomhair"); fewer than 2 letters or digits is 400. Ordered by name (accents ' +
      'aside), erased people last.\n\n' +
      'Trainers may only search, to find someone to book or add to a register: `q` is required (400 without ' +
      'it), matches part of a name or a whole e-mail address, and the answer holds active people with id, ' +
      'name, organisation and team (`PersonSummaryDto`); `email` is given only for the person whose whole ' +
      'address `q` is, and is null otherwise. Paged like every list.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['items', 'total'],
      properties: {
        items: { type: 'array', items: { oneOf: [{ $ref: getSchemaPath(PersonDto) }, { $ref: getSchemaPath(PersonSummaryDto) }] } },
        total: { type: 'integer' },
      },
    },
  })
  @ApiProblems(400, 404)
  list(@CurrentActor() actor: Actor, @Query() query: ListPeopleQueryDto): Promise<Page<PersonDto | PersonSummaryDto>> {
    return this.people.list(actor, query);
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in person' })
  @ApiOkResponse({ type: PersonDto })
  me(@CurrentActor() actor: Actor): Promise<PersonDto> {
    return this.people.get(actor, actor.personId);
  }

  @Post('import')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Import people from an HR export (CSV)',
    description:
      `Body \`text/csv\` (up to 10 MB, UTF-8, a byte-order mark and CRLF are fine) with the header ` +
      `\`${PEOPLE_CSV_HEADER.join(',')}\`; \`organisation\` is the organisation code, \`newlyQualified\` ` +
      'yes/no, true/false, 1/0 or empty (no). People are matched by e-mail, case-insensitively: new ones are ' +
      'added as learners, existing ones get name, e-mail, organisation, team, job title and newlyQualified ' +
      'from the file and keep their roles. If any row is bad nothing is imported and the answer is 422 with ' +
      '`errors: [{line, field, message}]` for every problem (the header is line 1). `dryRun=true` checks ' +
      'and counts without writing.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: `${PEOPLE_CSV_HEADER.join(',')}\nAilsa Boyd,ailsa.boyd@example.nhs.uk,EAHSCP,Children and families,Social worker,no` } })
  @ApiOkResponse({ type: PeopleImportResultDto })
  @ApiProblems(400, 409, 422)
  @ApiResponse({ status: 413, description: 'The file is larger than 10 MB.', content: PROBLEM_CONTENT })
  @ApiResponse({ status: 415, description: 'The body is not `text/csv`.', content: PROBLEM_CONTENT })
  import(@CsvBody() csv: string, @Query() query: ImportPeopleQueryDto): Promise<PeopleImportResultDto> {
    return this.peopleImport.import(csv, { dryRun: query.dryRun ?? false });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One person', description: 'Admins: anyone; managers: their organisation; everybody: themself. Otherwise 404.' })
  @ApiOkResponse({ type: PersonDto })
  @ApiProblems(400, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<PersonDto> {
    return this.people.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change a person',
    description:
      'Send only the fields to change; `null` clears team or jobTitle. 409 for an address someone else uses; ' +
      '422 for an erased person, or a change that would leave no active admin.',
  })
  @ApiOkResponse({ type: PersonDto })
  @ApiProblems(400, 404, 409, 422)
  update(@Param('id', UuidPipe) id: string, @Body() body: UpdatePersonDto): Promise<PersonDto> {
    return this.people.update(id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Erase a person',
    description:
      'Removes name, e-mail and job title for good, revokes every sign-in and the calendar feed, and deletes ' +
      'their queued and sent e-mails. Organisation, team, bookings and attendance stay, so reports still ' +
      'count them, anonymously. Erasing an erased person answers 204 again. 422 for the last active admin.',
  })
  @ApiNoContentResponse({ description: 'Erased.' })
  @ApiProblems(400, 404, 422)
  erase(@Param('id', UuidPipe) id: string): Promise<void> {
    return this.people.erase(id);
  }
}
