import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError } from '../common/domain-error';
import type { Role } from '../people/person.entity';
import { hasRole } from './actor';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators';
import { ACCESS_COOKIE, CredentialsService } from './credentials.service';

/**
 * The one guard every route passes: resolves the bearer token or the session cookie to an
 * Actor, then checks the route's @Roles. Organisation scoping is the services' job, because it
 * depends on the object asked for.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const secret = bearerToken(request) ?? (request.cookies as Record<string, string> | undefined)?.[ACCESS_COOKIE];
    if (!secret) throw new UnauthorizedException('Sign in first: send Authorization: Bearer <token>.');
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
