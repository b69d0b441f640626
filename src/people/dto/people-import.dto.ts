import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination.dto';
import { PEOPLE_CSV_HEADER, type PeopleCsvColumn } from '../people-csv';
import { IMPORT_ACTIONS, type ImportAction, type ImportedValue } from '../people-import-plan';

/** `limit` and `offset` page through a dry run's `lines`. */
export class ImportPeopleQueryDto extends PaginationQueryDto {
  /** `true`: check the file and report what each line would do, without writing anything. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;

  /** Dry run: list only the lines with this outcome (the counts still cover the whole file). */
  @ApiPropertyOptional({ enum: IMPORT_ACTIONS })
  @IsOptional()
  @IsIn(IMPORT_ACTIONS)
  action?: ImportAction;
}

export class PersonFieldChangeDto {
  /** The column of the file. */
  @ApiProperty({ enum: PEOPLE_CSV_HEADER })
  field: PeopleCsvColumn;

  /** The value now: text, `true`/`false` for newlyQualified, the code for organisation, null for an empty team or job title. */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'boolean' }], nullable: true })
  from: ImportedValue;

  /** The value the file gives, in the same form. */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'boolean' }], nullable: true })
  to: ImportedValue;
}

export class PeopleImportLineDto {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;

  /** The e-mail address as the file gives it. */
  email: string;

  /** The name as the file gives it. */
  name: string;

  /** `create`: a new person; `update`: the person with this address (any letter case) changes; `unchanged`: nothing would change. */
  @ApiProperty({ enum: IMPORT_ACTIONS })
  action: ImportAction;

  /** `update` only: every field that changes, in the file's column order. */
  @ApiPropertyOptional({ type: [PersonFieldChangeDto] })
  changes?: PersonFieldChangeDto[];
}

export class PeopleImportResultDto {
  /** People added (or that would be added, in a dry run). */
  created: number;

  /** People found by e-mail whose details the file changes. */
  updated: number;

  /** People found by e-mail whose details already match the file: nothing is written for them. */
  unchanged: number;

  /**
   * Dry run only: what each line would do, in file order, one page of them (`offset`, `limit`,
   * at most 500; `action` to list one outcome). Blank lines are skipped. Page on until
   * `offset` reaches the count of the outcome(s) listed.
   */
  @ApiPropertyOptional({ type: [PeopleImportLineDto] })
  lines?: PeopleImportLineDto[];
}
