import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError } from '../common/domain-error';
import { Environment } from '../config/environment';
import type { Role } from '../people/person.entity';
import { hasRole } from './actor';
import { PUBLIC_ROUTE, REQUIRED_ROLES, SIGN_IN_OPTIONAL } from './auth.decorators';
import { ACCESS_COOKIE, CredentialsService } from './credentials.service';
import { CrossSiteRequestError, mayActOnCookie } from './cross-site';

/**
 * The one guard every route passes: resolves the bearer token or the session cookie to an
 * Actor, then checks the route's @Roles. Organisation scoping is the services' job, because it
 * depends on the object asked for. A state-changing API request signed in by the cookie alone is
 * refused unless it comes from the service's own origin, before anything reads its body.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly publicOrigin: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialsService,
    environment: Environment,
  ) {
    this.publicOrigin = new URL(environment.publicUrl).origin;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<Request>();
    const secret = bearerToken(request) ?? (request.cookies as Record<string, string> | undefined)?.[ACCESS_COOKIE];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      if (secret && this.reflector.getAllAndOverride<boolean>(SIGN_IN_OPTIONAL, targets)) {
        request.actor = (await this.credentials.authenticate(secret)) ?? undefined;
      }
      return true;
    }

    if (!secret) throw new UnauthorizedException('Sign in first: send Authorization: Bearer <token>.');
    if (!bearerToken(request) && !mayActOnCookie(request, this.publicOrigin)) throw new CrossSiteRequestError();
    const actor = await this.credentials.authenticate(secret);
    if (!actor) throw new UnauthorizedException('The token is unknown, expired or revoked.');
    request.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !hasRole(actor, ...roles)) {
      throw new ForbiddenError(`This needs the role ${roles.join(' or ')}.`);
    }
    return true;
  }
}

function bearerToken(request: Request): string | undefined {
  const header = request.header('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
