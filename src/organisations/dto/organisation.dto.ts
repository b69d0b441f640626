import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
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

export class CreateOrganisationDto {
  /** 2–32 letters, digits or hyphens; stored upper-case and unique, e.g. "EAHSCP". */
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(/^[A-Z0-9-]{2,32}$/, { message: 'code must be 2 to 32 letters, digits or hyphens' })
  code: string;

  /** E.g. "East Ayrshire Health and Social Care Partnership". */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}
