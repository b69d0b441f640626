import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination.dto';

export class CreateApiTokenDto {
  /** The person the integration acts as: it gets that person's roles and organisation. */
  @IsUUID()
  personId: string;

  /** What the integration is, e.g. "HR nightly import". */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}

export class CreatedApiTokenDto {
  id: string;
  /** The secret, shown only in this answer; send it as `Authorization: Bearer <token>`. */
  token: string;
  /** The person the token acts as. */
  personId: string;
  personName: string | null;
  name: string;
}

export class ApiTokenDto {
  id: string;
  name: string | null;
  personId: string;
  /** The name of the person it acts as; null once they are erased (which revokes the token). */
  personName: string | null;
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

  /** `true`: only tokens that still work (not revoked). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}
