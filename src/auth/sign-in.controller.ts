import { Body, Controller, HttpCode, HttpStatus, Ip, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../common/api-problems.decorator';
import { Environment } from '../config/environment';
import type { Actor } from './actor';
import { CurrentActor, Public } from './auth.decorators';
import { ACCESS_COOKIE } from './credentials.service';
import { MagicLinkRequestDto } from './dto/magic-link-request.dto';
import { MAGIC_LINK_MAIL_LIMITS, MAGIC_LINK_RATE_LIMITS, MAGIC_LINK_TTL_MS, TOKEN_EXCHANGE_RATE_LIMITS } from './magic-link-policy';
import { SignedInDto, TokenExchangeDto } from './dto/token-exchange.dto';
import { sessionCookieOptions } from './session-cookie';
import { SignInService } from './sign-in.service';

@ApiTags('sign-in')
@Controller('api/auth')
export class SignInController {
  constructor(
    private readonly signIn: SignInService,
    private readonly environment: Environment,
  ) {}

  @Public()
  @Post('magic-link')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'E-mail a one-time sign-in link',
    description:
      'Always 202, whether or not the address belongs to anyone: the request is recorded the same way for every ' +
      'address and the link is issued and e-mailed after the answer. A known, active person gets a link to ' +
      `\`/auth/callback?token=…\` that works once, for ${MAGIC_LINK_TTL_MS / 60_000} minutes; opening it does not use it, ` +
      'the page it opens signs in with a button. Limited per client address: ' +
      `${MAGIC_LINK_RATE_LIMITS.perClient} requests, and ${MAGIC_LINK_RATE_LIMITS.perClientAndAddress} for any one address, ` +
      `in ${MAGIC_LINK_RATE_LIMITS.windowMs / 60_000} minutes (429 with Retry-After); nothing is limited per address ` +
      "alone, so other people's requests never block a person's own. A person is e-mailed at most " +
      `${MAGIC_LINK_MAIL_LIMITS.perPerson} links in ${MAGIC_LINK_MAIL_LIMITS.windowMs / 60_000} minutes; beyond that a request ` +
      'still answers 202 and e-mails a new link only when none already sent can still be used.',
  })
  @ApiAcceptedResponse({ description: 'Accepted; a link is on its way if the address is known.' })
  @ApiProblems(400, 429)
  requestMagicLink(@Body() body: MagicLinkRequestDto, @Ip() clientAddress: string): Promise<void> {
    return this.signIn.requestMagicLink(body.email, clientAddress);
  }

  @Public()
  @Post('token')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a magic-link token for an access token',
    description:
      'A magic token works once. A client address that makes ' +
      `${TOKEN_EXCHANGE_RATE_LIMITS.failuresPerClient} failed exchanges (unknown, used or expired tokens) in ` +
      `${TOKEN_EXCHANGE_RATE_LIMITS.windowMs / 60_000} minutes gets 429 with Retry-After for any exchange until the oldest ` +
      'of them leaves that window.',
  })
  @ApiOkResponse({ type: SignedInDto })
  @ApiProblems(400, 401, 429)
  exchange(@Body() body: TokenExchangeDto, @Ip() clientAddress: string): Promise<SignedInDto> {
    return this.signIn.exchangeMagicToken(body.token, clientAddress);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out', description: 'Revokes the token of this request and clears the web session cookie.' })
  @ApiNoContentResponse({ description: 'Signed out; the token no longer works.' })
  async logout(@CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.signIn.signOut(actor);
    response.clearCookie(ACCESS_COOKIE, sessionCookieOptions(this.environment));
  }
}
