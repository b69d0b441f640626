import { Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { ConflictError } from '../../common/domain-error';
import { OutboxService } from '../../notifications/outbox.service';
import type { FormBody } from '../forms/form-fields';
import { pageNumber } from '../forms/page-number';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { FAILED_PAGE_SIZE, mailBanner, mailPageView } from './outbox-view';

/**
 * Mail: whether the mail server answers and when an e-mail last went, the e-mails that failed
 * (retry one or all) and those delayed after a failed attempt.
 */
@PageController('admin/mail')
@Roles('admin')
export class OutboxPageController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  async mail(@CurrentActor() actor: Actor, @Query() query: FormBody, @Res() response: Response): Promise<void> {
    const page = pageNumber(query);
    const overview = await this.outbox.overview(actor, { limit: FAILED_PAGE_SIZE, offset: (page - 1) * FAILED_PAGE_SIZE });
    response.render('admin/outbox/mail.njk', mailPageView(overview, page, mailBanner(query.retried, query.notice)));
  }

  @Post('retry-failed')
  async retryAll(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    const { retried } = await this.outbox.retryAllFailed(actor);
    response.redirect(303, `/admin/mail?retried=${retried}`);
  }

  @Post(':id/retry')
  async retry(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    try {
      await this.outbox.retry(actor, id);
      response.redirect(303, '/admin/mail?retried=1');
    } catch (failure) {
      // Someone retried it (or it was sent) since the page was drawn.
      if (!(failure instanceof ConflictError)) throw failure;
      response.redirect(303, '/admin/mail?notice=not-failed');
    }
  }
}
