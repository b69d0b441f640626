import { Body, Controller, HttpCode, HttpStatus, Ip, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../common/api-problems.decorator';
import { Environment } from '../config/environment';
import type { Actor } from './actor';
import { CurrentActor, Public } from './auth.decorators';
import { ACCESS_COOKIE } from './credentials.service';
import { MagicLinkRequestDto } from './dto/magic-link-request.dto';
import { MAGIC_LINK_RATE_LIMITS, MAGIC_LINK_TTL_MS } from './magic-link-policy';
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
      'Always 202, whether or not the address belongs to anyone. A known, active person gets a link to ' +
      `\`/auth/callback?token=…\` that works once, for ${MAGIC_LINK_TTL_MS / 60_000} minutes. Limited to ` +
      `${MAGIC_LINK_RATE_LIMITS.perAddress} requests per address and ${MAGIC_LINK_RATE_LIMITS.perClient} per client ` +
      `address in ${MAGIC_LINK_RATE_LIMITS.windowMs / 60_000} minutes (429 with Retry-After).`,
  })
  @ApiAcceptedResponse({ description: 'Accepted; a link is on its way if the address is known.' })
  @ApiProblems(400, 429)
  requestMagicLink(@Body() body: MagicLinkRequestDto, @Ip() clientAddress: string): Promise<void> {
    return this.signIn.requestMagicLink(body.email, clientAddress);
  }

  @Public()
  @Post('token')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a magic-link token for an access token', description: 'A magic token works once.' })
  @ApiOkResponse({ type: SignedInDto })
  @ApiProblems(400, 401)
  exchange(@Body() body: TokenExchangeDto): Promise<SignedInDto> {
    return this.signIn.exchangeMagicToken(body.token);
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
