import { Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { hasRole, type Actor } from '../../auth/actor';
import { SignInOptional } from '../../auth/auth.decorators';
import { PageController } from '../page-controller.decorator';

/**
 * Where a signed-in person starts. A trainer's day starts from their sessions, whatever other
 * roles they hold; an admin's from the people they look after; a manager's from the training
 * report, even when they book training for themself too (the navigation still offers it);
 * everyone else finds training.
 */
function homeOf(actor: Actor): string {
  if (hasRole(actor, 'trainer')) return '/trainer/sessions';
  if (hasRole(actor, 'admin')) return '/admin/people';
  if (hasRole(actor, 'manager')) return '/reports/training';
  return '/sessions';
}

/** The start page for visitors; a signed-in person goes straight to their home page. */
@PageController()
export class HomePageController {
  @SignInOptional()
  @Get()
  start(@Req() request: Request, @Res() response: Response): void {
    if (request.actor) {
      response.redirect(303, homeOf(request.actor));
      return;
    }
    response.render('home/start.njk', { pageTitle: 'Book information skills training' });
  }
}
