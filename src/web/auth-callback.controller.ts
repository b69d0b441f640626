import { Controller, Get, HttpStatus, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { InvalidSignInTokenError } from '../auth/auth.errors';
import { ACCESS_COOKIE } from '../auth/credentials.service';
import { sessionCookieOptions } from '../auth/session-cookie';
import { SignInService } from '../auth/sign-in.service';
import { Environment } from '../config/environment';
import { signedInPage, signInFailedPage } from './auth-callback.view';

/** Where the link in the sign-in e-mail lands: signs the browser in with a session cookie. */
@ApiTags('web')
@Controller('auth')
export class AuthCallbackController {
  constructor(
    private readonly signIn: SignInService,
    private readonly environment: Environment,
  ) {}

  @Public()
  @Get('callback')
  @ApiOperation({
    summary: 'Sign a browser in from the e-mailed link (HTML)',
    description: 'Exchanges the one-time token and sets the httpOnly, SameSite=Lax `tt_session` cookie.',
  })
  @ApiQuery({ name: 'token', required: true, type: String })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'Signed in; the page names the person and their roles.' })
  @ApiResponse({ status: 400, description: 'The link has no token.' })
  @ApiResponse({ status: 401, description: 'The link is unknown, expired or used; the page says how to get a new one.' })
  async callback(@Query('token') token: unknown, @Res() response: Response): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    if (typeof token !== 'string' || token === '' || token.length > 200) {
      response.status(HttpStatus.BAD_REQUEST).type('html').send(signInFailedPage('incomplete'));
      return;
    }
    try {
      const session = await this.signIn.exchangeMagicToken(token);
      response.cookie(ACCESS_COOKIE, session.accessToken, sessionCookieOptions(this.environment, session.expiresAt));
      response.type('html').send(signedInPage(session.person));
    } catch (error) {
      if (!(error instanceof InvalidSignInTokenError)) throw error;
      response.status(HttpStatus.UNAUTHORIZED).type('html').send(signInFailedPage('invalid'));
    }
  }
}
