import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Person, type Role } from '../person.entity';

export class PersonDto {
  id: string;
  /** Null once the person is erased. */
  name: string | null;
  /** Null once the person is erased. */
  email: string | null;
  organisationId: string;
  team: string | null;
  jobTitle: string | null;
  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];
  newlyQualified: boolean;
  libraryMember: boolean;
  /** Inactive people cannot sign in and drop out of the report cohort. */
  active: boolean;
  /** When the person's name and e-mail were erased; null otherwise. */
  erasedAt: Date | null;
  createdAt: Date;

  static from(person: Person): PersonDto {
    return {
      id: person.id,
      name: person.name,
      email: person.email,
      organisationId: person.organisationId,
      team: person.team,
      jobTitle: person.jobTitle,
      roles: person.roles,
      newlyQualified: person.newlyQualified,
      libraryMember: person.libraryMember,
      active: person.active,
      erasedAt: person.erasedAt,
      createdAt: person.createdAt,
    };
  }
}

/**
 * What a trainer's people search shows: enough to pick the right person to book or add to a
 * register, nothing more.
 */
export class PersonSummaryDto {
  id: string;
  name: string | null;
  organisationId: string;
  /** The organisation's name. */
  organisation: string;
  team: string | null;
  /** Only when `q` was this person's whole e-mail address (any letter case); otherwise null. */
  email: string | null;

  /** For a person loaded with their organisation; `searchedAddress` is `q`, trimmed and lower-cased. */
  static from(person: Person, searchedAddress?: string): PersonSummaryDto {
    return {
      id: person.id,
      name: person.name,
      organisationId: person.organisationId,
      organisation: person.organisation!.name,
      team: person.team,
      email: person.emailKey !== null && person.emailKey === searchedAddress ? person.email : null,
    };
  }
}

/** A team, as people's records name it, within its organisation. */
export class TeamDto {
  organisationId: string;
  team: string;
}
