import type { Request } from 'express';

/** Whether the request is for the JSON API (`/api/…`), in any letter case, as Express routes it. */
export function isApiRequest(request: Request): boolean {
  return /^\/api(?:\/|$)/i.test(request.path);
}
