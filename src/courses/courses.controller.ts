import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
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
  @ApiOperation({ summary: 'List courses', description: 'Any signed-in person; ordered by title, optionally searched by `q`.' })
  @ApiOkResponse({ type: CoursePageDto })
  @ApiProblems(400)
  list(@Query() query: ListCoursesQueryDto): Promise<Page<CourseDto>> {
    return this.courses.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One course' })
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
  create(@Body() body: CreateCourseDto): Promise<CourseDto> {
    return this.courses.create(body);
  }

  @Patch(':id')
  @Roles('admin', 'trainer')
  @ApiOperation({ summary: 'Change a course', description: 'Send only the fields to change; `null` clears an optional one.' })
  @ApiOkResponse({ type: CourseDto })
  @ApiProblems(400, 404)
  update(@Param('id', UuidPipe) id: string, @Body() body: UpdateCourseDto): Promise<CourseDto> {
    return this.courses.update(id, body);
  }
}
