import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { ROLES, type Role } from '../person.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

// Composite decorators are invisible to the OpenAPI plugin, so they document themselves.
const NameField = (required = true) =>
  applyDecorators(ApiProperty({ required, maxLength: 200 }), Transform(trim), IsString(), IsNotEmpty(), MaxLength(200));
const EmailField = (required = true) =>
  applyDecorators(
    ApiProperty({ required, format: 'email', maxLength: 320, description: 'Unique, case-insensitively.' }),
    Transform(trim),
    IsEmail(),
    MaxLength(320),
  );
const RolesField = () =>
  applyDecorators(
    ApiProperty({ enum: ROLES, isArray: true, required: false }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(ROLES.length),
    IsIn(ROLES, { each: true }),
  );
/** Present fields must hold a value: `null` is refused, not taken as "clear". */
const IfSent = () => ValidateIf((_, value) => value !== undefined);

/** Fields that may be left out, or cleared with `null` where they are nullable. */
class PersonDetailsDto {
  /** E.g. "Children and families, Kilmarnock". */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  team?: string | null;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  jobTitle?: string | null;

  /** Social workers in their first year of practice. */
  @IfSent()
  @IsBoolean()
  newlyQualified?: boolean;

  @IfSent()
  @IsBoolean()
  libraryMember?: boolean;
}

export class CreatePersonDto extends PersonDetailsDto {
  @NameField()
  name: string;

  @EmailField()
  email: string;

  @IsUUID()
  organisationId: string;

  /** Default ["learner"]. */
  @IfSent()
  @RolesField()
  roles?: Role[];
}

/** Send only the fields to change. */
export class UpdatePersonDto extends PersonDetailsDto {
  @IfSent()
  @NameField(false)
  name?: string;

  @IfSent()
  @EmailField(false)
  email?: string;

  @IfSent()
  @IsUUID()
  organisationId?: string;

  @IfSent()
  @RolesField()
  roles?: Role[];

  /** Inactive people cannot sign in and drop out of the report cohort. */
  @IfSent()
  @IsBoolean()
  active?: boolean;
}
