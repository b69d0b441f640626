import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import type { Organisation } from '../organisation.entity';

export class OrganisationDto {
  id: string;
  /** Short stable code, as HR imports name the organisation. */
  code: string;
  name: string;

  static from(organisation: Organisation): OrganisationDto {
    return { id: organisation.id, code: organisation.code, name: organisation.name };
  }
}

export class OrganisationPageDto {
  items: OrganisationDto[];
  total: number;
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const upperCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const CODE_SHAPE = /^[A-Z0-9-]{2,32}$/;
const CODE_MESSAGE = 'code must be 2 to 32 letters, digits or hyphens';

export class CreateOrganisationDto {
  /** 2–32 letters, digits or hyphens; stored upper-case and unique, e.g. "EAHSCP". */
  @Transform(upperCase)
  @IsString()
  @Matches(CODE_SHAPE, { message: CODE_MESSAGE })
  code: string;

  /** E.g. "East Ayrshire Health and Social Care Partnership". */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}

/** Send only the fields to change. */
export class UpdateOrganisationDto {
  /** 2–32 letters, digits or hyphens; stored upper-case and unique. HR files name the organisation by it. */
  @Transform(upperCase)
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Matches(CODE_SHAPE, { message: CODE_MESSAGE })
  code?: string;

  @Transform(trim)
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;
}
