import { Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SignInOptional } from '../../auth/auth.decorators';
import { PageController } from '../page-controller.decorator';

/** The start page for visitors; a signed-in person goes straight to their home page. */
@PageController()
export class HomePageController {
  @SignInOptional()
  @Get()
  start(@Req() request: Request, @Res() response: Response): void {
    if (request.actor) {
      response.redirect(303, '/sessions');
      return;
    }
    response.render('home/start.njk', { pageTitle: 'Book information skills training' });
  }
}
