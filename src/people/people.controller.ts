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
import { CsvBody, type CsvUpload } from './csv-body.decorator';
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
  create(@CurrentActor() actor: Actor, @Body() body: CreatePersonDto): Promise<PersonDto> {
    return this.people.create(actor, body);
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
      `Body \`text/csv\` (up to 10 MB) with the header \`${PEOPLE_CSV_HEADER.join(',')}\`; \`organisation\` is the ` +
      'organisation code, `newlyQualified` yes/no, true/false, 1/0 or empty (no). People are matched by e-mail, ' +
      'case-insensitively: new ones are added as learners, existing ones get name, e-mail, organisation, team, job ' +
      'title and newlyQualified from the file and keep their roles. The answer counts `created`, `updated` and ' +
      '`unchanged` (a line that changes nothing writes nothing, so importing the same file again reports every line ' +
      'unchanged). All or nothing: if any row is bad nothing is imported and the answer is 422 with ' +
      '`errors: [{line, field, message}]` (the header is line 1) for the first 100 bad lines and `errorCount`, the ' +
      'number of problems in the whole file; a NUL character in a cell is such a problem.\n\n' +
      'The file is read as UTF-8 (a byte-order mark and CRLF are fine); a file that is not UTF-8, such as an Excel ' +
      'export in Windows-1252, is 422 `csv-not-utf-8` naming the line, unless the request declares ' +
      '`Content-Type: text/csv; charset=windows-1252`, when it is read as Windows-1252. Other charsets are 415. ' +
      'The body is read only once the caller is known to be an admin.\n\n' +
      '`dryRun=true` checks the file the same way (the same 422s) and writes nothing: the answer adds `lines`, what ' +
      'each line would do (`create`, `update` with the `changes` field by field, or `unchanged`), one page of them ' +
      'in file order: `offset` and `limit` (default 50, at most 500) page through them, `action` lists only one ' +
      'outcome. The counts always cover the whole file, so they give the number of lines to page through.\n\n' +
      'A large file is imported in batches within one transaction while the service goes on answering; on SQLite ' +
      'other changes wait until it is committed, and reads see the people as they were until then.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: `${PEOPLE_CSV_HEADER.join(',')}\nAilsa Boyd,ailsa.boyd@example.nhs.uk,EAHSCP,Children and families,Social worker,no` } })
  @ApiOkResponse({ type: PeopleImportResultDto })
  @ApiProblems(400)
  @ApiResponse({ status: 409, description: 'Someone with an address in the file was added meanwhile; nothing was imported.', content: PROBLEM_CONTENT })
  @ApiResponse({
    status: 422,
    description:
      'Nothing was imported: `invalid-csv` (bad rows or header; `errors` for the first 100 bad lines, `errorCount` for the ' +
      'file), `csv-not-utf-8` (not UTF-8 and no other charset declared; `detail` says how to save it as UTF-8) or ' +
      '`csv-not-windows-1252` (declared Windows-1252, but bytes it does not use).',
    content: PROBLEM_CONTENT,
  })
  @ApiResponse({ status: 413, description: 'The file is larger than 10 MB.', content: PROBLEM_CONTENT })
  @ApiResponse({ status: 415, description: 'The body is not `text/csv`, is compressed, or declares a charset other than UTF-8 and Windows-1252.', content: PROBLEM_CONTENT })
  import(@CurrentActor() actor: Actor, @CsvBody() upload: CsvUpload, @Query() query: ImportPeopleQueryDto): Promise<PeopleImportResultDto> {
    return this.peopleImport.import(upload, { actor, dryRun: query.dryRun ?? false, action: query.action, offset: query.offset, limit: query.limit });
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
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: UpdatePersonDto): Promise<PersonDto> {
    return this.people.update(actor, id, body);
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
  erase(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.people.erase(actor, id);
  }
}
