import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination.dto';

export class CreateApiTokenDto {
  /** The person the integration acts as: it gets that person's roles and organisation. */
  @IsUUID()
  personId: string;

  /** What the integration is, e.g. "HR nightly import". */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}

export class CreatedApiTokenDto {
  id: string;
  /** The secret, shown only in this answer; send it as `Authorization: Bearer <token>`. */
  token: string;
}

export class ApiTokenDto {
  id: string;
  name: string | null;
  personId: string;
  createdAt: Date;
  /** Set once the token is revoked; it no longer works from then on. */
  revokedAt: Date | null;
}

export class ApiTokenPageDto {
  items: ApiTokenDto[];
  total: number;
}

export class ListApiTokensQueryDto extends PaginationQueryDto {
  /** Only this person's tokens. */
  @IsOptional()
  @IsUUID()
  personId?: string;
}
