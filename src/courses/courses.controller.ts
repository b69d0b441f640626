import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../common/api-problems.decorator';
import type { Page } from '../common/pagination.dto';
import { CoursesService } from './courses.service';
import { CourseDto, CoursePageDto, CreateCourseDto, ListCoursesQueryDto, UpdateCourseDto } from './dto/course.dto';
import { UuidPipe } from '../common/uuid.pipe';

@ApiTags('courses')
@Controller('api/courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Get()
  @ApiOperation({
    summary: 'List courses',
    description: 'Any signed-in person; ordered by title, optionally searched by `q`. The courses on offer; `archived=true` lists the archived ones instead, `archived=all` both.',
  })
  @ApiOkResponse({ type: CoursePageDto })
  @ApiProblems(400)
  list(@Query() query: ListCoursesQueryDto): Promise<Page<CourseDto>> {
    return this.courses.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One course', description: 'Archived courses too: the sessions that ran keep them.' })
  @ApiOkResponse({ type: CourseDto })
  @ApiProblems(400, 404)
  get(@Param('id', UuidPipe) id: string): Promise<CourseDto> {
    return this.courses.get(id);
  }

  @Post()
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: 'Add a course' })
  @ApiCreatedResponse({ type: CourseDto })
  @ApiProblems(400)
  create(@CurrentActor() actor: Actor, @Body() body: CreateCourseDto): Promise<CourseDto> {
    return this.courses.create(actor, body);
  }

  @Patch(':id')
  @Roles('admin', 'trainer')
  @ApiOperation({
    summary: 'Change, archive or restore a course',
    description:
      'Send only the fields to change; `null` clears an optional one. `archived: true` archives the course: it is left ' +
      'out of course lists and new sessions of it are refused (422 `course-archived`), while the sessions already ' +
      'made keep it; `archived: false` offers it again.',
  })
  @ApiOkResponse({ type: CourseDto })
  @ApiProblems(400, 404)
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: UpdateCourseDto): Promise<CourseDto> {
    return this.courses.update(actor, id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete a course',
    description: 'Only a course no session refers to (cancelled ones included); otherwise 409 `course-has-sessions`: archive it instead.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 404, 409)
  delete(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.courses.delete(actor, id);
  }
}
