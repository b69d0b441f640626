import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_HEADER = 'x-correlation-id';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

declare module 'express-serve-static-core' {
  interface Request {
    correlationId?: string;
  }
}

/** Accepts a caller's id when it is safe to log, otherwise makes one; echoes it back. */
export function correlationIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const offered = req.header(CORRELATION_HEADER);
  const id = offered && SAFE_ID.test(offered) ? offered : randomUUID();
  req.correlationId = id;
  res.setHeader(CORRELATION_HEADER, id);
  next();
}
