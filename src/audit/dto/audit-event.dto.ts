import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination.dto';
import { AUDIT_ACTIONS, AUDIT_SUBJECT_TYPES, type AuditAction, type AuditDetails, type AuditSubjectType } from '../audit-actions';

/** A person as the audit log names them: by id, with their name as it is now. */
export class AuditPersonDto {
  id: string;
  /** Their current name; null once they are erased. */
  name: string | null;
}

export class AuditSubjectDto {
  @ApiProperty({ enum: AUDIT_SUBJECT_TYPES })
  type: AuditSubjectType;

  /** Null for an import, which has no single subject. */
  id: string | null;

  /**
   * Its current name: a person's name (null once erased), an organisation's name, a course's
   * title (null once deleted: the details keep the title), an API token's name.
   */
  name: string | null;

  /** For an API token: the person it acts as. */
  holder?: AuditPersonDto | null;
}

export class AuditEventDto {
  id: string;

  occurredAt: Date;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  action: AuditAction;

  /** Who made the change; null for the service itself. */
  actor: AuditPersonDto | null;

  subject: AuditSubjectDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'What changed: field names (`fields`), `{from, to}` pairs (roles, organisation code and name, course title), ' +
      'import counts (`created`, `updated`, `unchanged`), a course title or a token name. Never a name or e-mail ' +
      'address of a person.',
    example: { roles: { from: ['learner'], to: ['learner', 'trainer'] } },
  })
  details: AuditDetails;
}

export class AuditEventPageDto {
  /** Newest first. */
  items: AuditEventDto[];

  total: number;
}

export class ListAuditEventsQueryDto extends PaginationQueryDto {
  /** Only changes of this kind. */
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  @ApiProperty({ enum: AUDIT_ACTIONS, required: false })
  action?: AuditAction;

  /** Only changes to this person, organisation, course or API token. */
  @IsOptional()
  @IsUUID()
  subjectId?: string;
}
