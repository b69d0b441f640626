import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination.dto';
import type { Course } from '../course.entity';

export class CourseDto {
  id: string;
  title: string;
  description: string | null;
  /** Usual length of a session of this course. */
  durationMinutes: number | null;
  /** CPD hours a learner may record for attending. */
  cpdHours: number | null;
  /** When the course was archived: no new sessions, left out of course lists; null while it is offered. */
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;

  static from(course: Course): CourseDto {
    return {
      id: course.id,
      title: course.title,
      description: course.description,
      durationMinutes: course.durationMinutes,
      cpdHours: course.cpdHours,
      archivedAt: course.archivedAt,
      createdAt: course.createdAt,
      updatedAt: course.updatedAt,
    };
  }
}

export class CoursePageDto {
  items: CourseDto[];
  total: number;
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Composite decorators are invisible to the OpenAPI plugin, so this one documents itself. */
const TitleField = (required = true) =>
  applyDecorators(
    ApiProperty({ required, maxLength: 200, example: 'Literature searching for social work practice' }),
    Transform(trim),
    IsString(),
    IsNotEmpty(),
    MaxLength(200),
  );

/**
 * At most two decimal places. class-validator's own `maxDecimalPlaces` reads the digits after a
 * "." in the number's text and throws on one written with an exponent (2e-323), a 500.
 */
const HasAtMostTwoDecimals = () =>
  ValidateBy({
    name: 'hasAtMostTwoDecimals',
    validator: {
      validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(2)) === value,
      defaultMessage: (args) => `${args?.property} must have at most two decimal places`,
    },
  });

/** The optional fields; `null` clears one. */
class CourseDetailsDto {
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  /** 1 to 1440 minutes. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes?: number | null;

  /** 0 to 100 hours, at most two decimal places. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @HasAtMostTwoDecimals()
  @Min(0)
  @Max(100)
  cpdHours?: number | null;
}

export class CreateCourseDto extends CourseDetailsDto {
  @TitleField()
  title: string;
}

/** Send only the fields to change. */
export class UpdateCourseDto extends CourseDetailsDto {
  @ValidateIf((_, value) => value !== undefined)
  @TitleField(false)
  title?: string;

  /**
   * `true` archives the course: it is no longer offered (no new sessions; left out of course
   * lists), while its sessions keep it. `false` offers it again.
   */
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  archived?: boolean;
}

export class ListCoursesQueryDto extends PaginationQueryDto {
  /** Words in the title, case-insensitive (2–100 characters). */
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;

  /**
   * `false` (the default): only the courses on offer; `true`: only archived ones; `all`: both, as
   * a filter over past sessions and reports needs them.
   */
  @ApiProperty({ required: false, enum: ['false', 'true', 'all'], default: 'false' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([false, true, 'all'], { message: 'archived must be true, false or all' })
  archived?: boolean | 'all';
}

/** A course with how many sessions refer to it, which decides between deleting and archiving it. */
export class CourseUsageDto {
  course: CourseDto;
  /** Sessions of the course, cancelled ones included. */
  sessions: number;
  /** Scheduled sessions that have not started yet. */
  upcomingSessions: number;
}
