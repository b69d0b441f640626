import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblems } from '../common/api-problems.decorator';
import type { Role } from '../people/person.entity';
import type { Actor } from './actor';

export const PUBLIC_ROUTE = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';
export const SIGN_IN_OPTIONAL = 'auth:optional';
/** OpenAPI extensions read by documentAccess() in configure-app.ts. */
export const OPENAPI_PUBLIC = 'x-public';
export const OPENAPI_ROLES = 'x-required-roles';

/** No sign-in needed (health, docs, magic links, calendar feeds). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(OPENAPI_PUBLIC, true));

/**
 * No sign-in needed, but a valid sign-in is still recognised (the start page greets a signed-in
 * person differently); bad or missing credentials are simply ignored.
 */
export const SignInOptional = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), SetMetadata(SIGN_IN_OPTIONAL, true));

/** Any one of these roles may call the route; without it, any signed-in person may. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiExtension(OPENAPI_ROLES, roles), ApiProblems(403));

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

/** The signed-in caller, as resolved by the AuthGuard. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<Request>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});
