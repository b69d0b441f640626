import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../people/person.entity';
import type { Actor } from './actor';

export const PUBLIC_ROUTE = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';

/** No sign-in needed (health, docs, magic links, calendar feeds). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Any one of these roles may call the route; without it, any signed-in person may. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

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
