import { IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateBy, ValidationOptions } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination.dto';
import { BOUNDARY_MESSAGE, GROUP_BYS, type GroupBy, parseReportBoundary } from '../report-definitions';

function IsReportBoundary(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isReportBoundary',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseReportBoundary(value, 'from') !== null,
        defaultMessage: (args) => `${args?.property} ${BOUNDARY_MESSAGE}`,
      },
    },
    options,
  );
}

/** Query parameters every report shares. */
export class ReportFiltersDto {
  /**
   * Sessions starting at or after this. A date (2026-03-01) means its London midnight; a
   * date-time needs an offset or Z. Omitted: from the first record.
   */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsReportBoundary()
  from?: string;

  /**
   * Sessions starting at or before this. A date (2026-03-31) includes that whole London day.
   * Omitted: up to the latest record.
   */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsReportBoundary()
  to?: string;

  /** Count only sessions of this course. */
  @IsOptional()
  @IsUUID()
  courseId?: string;

  /** Admins: one organisation (default all). Managers: only their own may be named (another is 404). */
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  /** `csv` for a download; otherwise JSON, unless the Accept header prefers text/csv. */
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class TrainingReportQueryDto extends ReportFiltersDto {
  /** How rows are grouped (default organisation). */
  @IsOptional()
  @IsIn(GROUP_BYS)
  groupBy: GroupBy = 'organisation';
}

export class PeopleReportQueryDto extends IntersectionType(ReportFiltersDto, PaginationQueryDto) {
  /** Only people trained (true) or not yet trained (false) in the range. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  trained?: boolean;
}
