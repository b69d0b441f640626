import { Body, Get, HttpCode, Ip, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { CurrentActor, SignInOptional } from '../../auth/auth.decorators';
import { InvalidSignInTokenError } from '../../auth/auth.errors';
import { ACCESS_COOKIE } from '../../auth/credentials.service';
import { sessionCookieOptions } from '../../auth/session-cookie';
import { SignInService } from '../../auth/sign-in.service';
import { RateLimitedError } from '../../common/domain-error';
import { Environment } from '../../config/environment';
import { emailFieldError, FormBody, textField } from '../forms/form-fields';
import { PageController } from '../page-controller.decorator';
import { safeNextPath } from '../web-paths';

/**
 * Sign-in in the browser: ask for a link by e-mail, then confirm it with a button. Opening the
 * link (GET or HEAD, as mail link scanners do) never uses it up; only the button's POST does,
 * which also stops another site from signing a browser in as someone else.
 */
@PageController()
export class SignInPageController {
  constructor(
    private readonly signIn: SignInService,
    private readonly environment: Environment,
  ) {}

  @SignInOptional()
  @Get('sign-in')
  signInPage(@Req() request: Request, @Res() response: Response, @Query('next') next?: unknown, @Query('reason') reason?: unknown): void {
    const nextPath = safeNextPath(next);
    if (request.actor) {
      // Still signed in: a form that expired (an old tab) needs a fresh copy of its page, not an e-mail.
      if (reason === 'form-expired') {
        response.render('sign-in/form-expired.njk', { pageTitle: 'Your form had expired', next: nextPath ?? '/' });
      } else {
        response.redirect(303, nextPath ?? '/');
      }
      return;
    }
    response.render('sign-in/sign-in.njk', {
      pageTitle: 'Sign in',
      next: nextPath,
      reason: typeof reason === 'string' ? reason : undefined,
    });
  }

  @SignInOptional()
  @Post('sign-in')
  @HttpCode(200)
  async requestLink(@Body() body: FormBody, @Ip() clientAddress: string, @Res() response: Response): Promise<void> {
    const email = textField(body, 'email');
    const next = safeNextPath(body.next);
    const error = emailFieldError(email);
    if (error) {
      response.status(400).render('sign-in/sign-in.njk', { pageTitle: 'Sign in', email, next, errors: [error] });
      return;
    }
    try {
      await this.signIn.requestMagicLink(email, clientAddress, { next });
    } catch (failure) {
      if (!(failure instanceof RateLimitedError)) throw failure;
      response.status(429).setHeader('Retry-After', String(failure.retryAfterSeconds));
      response.render('sign-in/rate-limited.njk', { pageTitle: 'Too many sign-in requests', wait: describeWait(failure.retryAfterSeconds) });
      return;
    }
    response.render('sign-in/check-email.njk', { pageTitle: 'Check your e-mail', email });
  }

  @SignInOptional()
  @Get('auth/callback')
  async confirmPage(
    @Req() request: Request,
    @Query('token') token: unknown,
    @Query('next') next: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const usable = typeof token === 'string' && (await this.signIn.isMagicTokenUsable(token));
    if (!usable) {
      response.status(typeof token === 'string' && token !== '' ? 410 : 400);
      response.render('sign-in/link-not-valid.njk', {
        pageTitle: 'Sign-in link not valid',
        token: typeof token === 'string' && token.length <= 200 ? token : undefined,
        next: safeNextPath(next),
        alreadySignedIn: !!request.actor,
      });
      return;
    }
    response.render('sign-in/confirm.njk', { pageTitle: 'Sign in', token, next: safeNextPath(next) });
  }

  @SignInOptional()
  @Post('auth/callback')
  async confirm(@Body() body: FormBody, @Ip() clientAddress: string, @Res() response: Response): Promise<void> {
    const token = textField(body, 'token');
    const next = safeNextPath(body.next);
    try {
      const session = await this.signIn.exchangeMagicToken(token, clientAddress);
      response.cookie(ACCESS_COOKIE, session.accessToken, sessionCookieOptions(this.environment, session.expiresAt));
      response.redirect(303, next ?? '/');
    } catch (failure) {
      if (!(failure instanceof InvalidSignInTokenError)) throw failure;
      response.status(410).render('sign-in/link-not-valid.njk', { pageTitle: 'Sign-in link not valid', token, next });
    }
  }

  @SignInOptional()
  @Post('auth/new-link')
  @HttpCode(200)
  async newLink(@Body() body: FormBody, @Ip() clientAddress: string, @Res() response: Response): Promise<void> {
    try {
      await this.signIn.requestReplacementLink(textField(body, 'token'), clientAddress, { next: safeNextPath(body.next) });
    } catch (failure) {
      if (!(failure instanceof RateLimitedError)) throw failure;
      response.status(429).setHeader('Retry-After', String(failure.retryAfterSeconds));
      response.render('sign-in/rate-limited.njk', { pageTitle: 'Too many sign-in requests', wait: describeWait(failure.retryAfterSeconds) });
      return;
    }
    response.render('sign-in/new-link-sent.njk', { pageTitle: 'Check your e-mail' });
  }

  @Post('sign-out')
  async signOut(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    await this.signIn.signOut(actor);
    response.clearCookie(ACCESS_COOKIE, sessionCookieOptions(this.environment));
    response.redirect(303, '/signed-out');
  }

  @SignInOptional()
  @Get('signed-out')
  @Render('sign-in/signed-out.njk')
  signedOut(): object {
    return { pageTitle: 'You have signed out' };
  }
}

/** "14 minutes", "1 minute", "30 seconds". */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
