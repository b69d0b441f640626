import { Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { isUUID } from 'class-validator';
import type { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { type FormBody, textField } from '../forms/form-fields';
import { pageNumber } from '../forms/page-number';
import { PageController } from '../page-controller.decorator';
import { AUDIT_PAGE_SIZE, auditPageView } from './audit-view';

/** The audit log: who changed people, imports, organisations, courses and API tokens, and when. */
@PageController('admin/audit')
@Roles('admin')
export class AuditPageController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  async log(@CurrentActor() actor: Actor, @Query() query: FormBody, @Res() response: Response): Promise<void> {
    const page = pageNumber(query);
    const subject = textField(query, 'subject');
    const subjectId = isUUID(subject) ? subject : undefined;
    const events = await this.audit.list(actor, { subjectId, limit: AUDIT_PAGE_SIZE, offset: (page - 1) * AUDIT_PAGE_SIZE });
    response.render('admin/audit/log.njk', auditPageView(events, page, subjectId));
  }
}
