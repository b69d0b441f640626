import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { definedFields } from '../common/defined-fields';
import { NotFoundError } from '../common/domain-error';
import type { Page } from '../common/pagination.dto';
import { containsPattern } from '../common/sql-like';
import { Transactions } from '../database/transactions';
import { Course } from './course.entity';
import { CourseDto, CreateCourseDto, ListCoursesQueryDto, UpdateCourseDto } from './dto/course.dto';

@Injectable()
export class CoursesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  list(query: ListCoursesQueryDto): Promise<Page<CourseDto>> {
    return this.transactions.read(async (manager) => {
      const select = manager.createQueryBuilder(Course, 'course').orderBy('LOWER(course.title)', 'ASC').addOrderBy('course.id', 'ASC');
      if (query.q) select.where(`LOWER(course.title) LIKE :q ESCAPE '\\'`, { q: containsPattern(query.q) });
      const [courses, total] = await select.offset(query.offset).limit(query.limit).getManyAndCount();
      return { items: courses.map((course) => CourseDto.from(course)), total };
    });
  }

  get(id: string): Promise<CourseDto> {
    return this.transactions.read(async (manager) => CourseDto.from(await findCourse(manager, id)));
  }

  create(input: CreateCourseDto): Promise<CourseDto> {
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const course = await manager.save(
        manager.create(Course, {
          title: input.title,
          description: input.description ?? null,
          durationMinutes: input.durationMinutes ?? null,
          cpdHours: input.cpdHours ?? null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      return CourseDto.from(course);
    });
  }

  update(id: string, input: UpdateCourseDto): Promise<CourseDto> {
    return this.transactions.run(async (manager) => {
      const course = await findCourse(manager, id);
      Object.assign(course, definedFields(input), { updatedAt: this.clock.now() });
      return CourseDto.from(await manager.save(course));
    });
  }
}

async function findCourse(manager: EntityManager, id: string): Promise<Course> {
  const course = await manager.findOneBy(Course, { id });
  if (!course) throw new NotFoundError('Course');
  return course;
}
