import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class ImportPeopleQueryDto {
  /** `true`: check the file and count what would change, without writing anything. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

export class PeopleImportResultDto {
  /** People added (or that would be added, in a dry run). */
  created: number;
  /** People found by e-mail and brought up to date from the file. */
  updated: number;
}
