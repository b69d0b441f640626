import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination.dto';
import { ROLES, type Role } from '../person.entity';

export class ListPeopleQueryDto extends PaginationQueryDto {
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  /** People holding this role. */
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** People of this team, its name exactly as their records give it. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  team?: string;

  /** `true`: active people only; `false`: deactivated people only. Erased people are neither. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;

  /**
   * Part of the name or e-mail address, ignoring letter case and accents ("oran" finds "Òran"),
   * 2–100 characters. Trainers must give it, and find people by part of the name or by the whole
   * e-mail address.
   */
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;
}
