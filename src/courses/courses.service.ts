import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { definedFields } from '../common/defined-fields';
import { ForbiddenError, NotFoundError } from '../common/domain-error';
import type { Page } from '../common/pagination.dto';
import { containsPattern } from '../common/sql-like';
import { Transactions } from '../database/transactions';
import { TrainingSession } from '../sessions/training-session.entity';
import { Course } from './course.entity';
import { CourseHasSessionsError } from './courses.errors';
import { CourseDto, CourseUsageDto, CreateCourseDto, ListCoursesQueryDto, UpdateCourseDto } from './dto/course.dto';

const DETAIL_FIELDS = ['title', 'description', 'durationMinutes', 'cpdHours'] as const;

@Injectable()
export class CoursesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** The courses on offer by default; archived ones, or all, when asked for. */
  list(query: ListCoursesQueryDto): Promise<Page<CourseDto>> {
    return this.transactions.read(async (manager) => {
      const select = manager.createQueryBuilder(Course, 'course').orderBy('LOWER(course.title)', 'ASC').addOrderBy('course.id', 'ASC');
      if (query.archived !== 'all') select.where(query.archived ? 'course.archivedAt IS NOT NULL' : 'course.archivedAt IS NULL');
      if (query.q) select.andWhere(`LOWER(course.title) LIKE :q ESCAPE '\\'`, { q: containsPattern(query.q) });
      const [courses, total] = await select.offset(query.offset).limit(query.limit).getManyAndCount();
      return { items: courses.map((course) => CourseDto.from(course)), total };
    });
  }

  get(id: string): Promise<CourseDto> {
    return this.transactions.read(async (manager) => CourseDto.from(await findCourse(manager, id)));
  }

  /** A course with the number of its sessions, for deciding whether it may be deleted or only archived. */
  usage(id: string): Promise<CourseUsageDto> {
    return this.transactions.read(async (manager) => {
      const course = await findCourse(manager, id);
      return {
        course: CourseDto.from(course),
        sessions: await countSessions(manager, id),
        upcomingSessions: await manager
          .createQueryBuilder(TrainingSession, 's')
          .where(`s.courseId = :id AND s.status = 'scheduled' AND s.startsAt > :now`, { id, now: this.clock.now() })
          .getCount(),
      };
    });
  }

  create(actor: Actor, input: CreateCourseDto): Promise<CourseDto> {
    assertMayEditCourses(actor);
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const course = await manager.save(
        manager.create(Course, {
          title: input.title,
          description: input.description ?? null,
          durationMinutes: input.durationMinutes ?? null,
          cpdHours: input.cpdHours ?? null,
          archivedAt: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.audit.record(manager, actor, 'course-created', course.id, { title: course.title });
      return CourseDto.from(course);
    });
  }

  /** Changes the details and, with `archived`, archives the course or offers it again; each change is audited. */
  update(actor: Actor, id: string, input: UpdateCourseDto): Promise<CourseDto> {
    assertMayEditCourses(actor);
    const { archived, ...details } = definedFields(input);
    return this.transactions.run(async (manager) => {
      const course = await findCourse(manager, id);
      const before = { ...course };
      const now = this.clock.now();
      Object.assign(course, details, { updatedAt: now });
      if (archived !== undefined && archived !== (before.archivedAt !== null)) course.archivedAt = archived ? now : null;
      const saved = await manager.save(course);

      const fields = DETAIL_FIELDS.filter((field) => before[field] !== course[field]);
      if (fields.length > 0) {
        await this.audit.record(manager, actor, 'course-changed', id, {
          fields,
          title: fields.includes('title') ? { from: before.title, to: course.title } : course.title,
        });
      }
      if (before.archivedAt === null && course.archivedAt !== null) await this.audit.record(manager, actor, 'course-archived', id, { title: course.title });
      if (before.archivedAt !== null && course.archivedAt === null) await this.audit.record(manager, actor, 'course-restored', id, { title: course.title });
      return CourseDto.from(saved);
    });
  }

  /** Admins only; a course that sessions refer to is archived instead (409). */
  delete(actor: Actor, id: string): Promise<void> {
    if (!hasRole(actor, 'admin')) throw new ForbiddenError('Only admins may delete courses.');
    return this.transactions.run(async (manager) => {
      const course = await findCourse(manager, id);
      const sessions = await countSessions(manager, id);
      if (sessions > 0) throw new CourseHasSessionsError(sessions);
      await manager.delete(Course, { id });
      await this.audit.record(manager, actor, 'course-deleted', id, { title: course.title });
    });
  }
}

function assertMayEditCourses(actor: Actor): void {
  if (!hasRole(actor, 'admin', 'trainer')) throw new ForbiddenError('Only trainers and admins may add or change courses.');
}

async function findCourse(manager: EntityManager, id: string): Promise<Course> {
  const course = await manager.findOneBy(Course, { id });
  if (!course) throw new NotFoundError('Course');
  return course;
}

function countSessions(manager: EntityManager, courseId: string): Promise<number> {
  return manager.countBy(TrainingSession, { courseId });
}

