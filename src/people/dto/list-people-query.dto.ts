import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
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
