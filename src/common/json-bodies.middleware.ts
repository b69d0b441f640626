import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { isApiRequest } from './api-request';
import { PROBLEM_CONTENT_TYPE, problem } from './problem-details';

/** Routes of the API that take a body in another media type, e.g. `{'POST /api/people/import': 'text/csv'}`. */
export type OtherBodyTypes = Record<string, string>;

/**
 * The API reads JSON bodies only: a body in any other media type, or with none named, is 415
 * before any parser reads it. So a form post (what a cross-site page can send without asking) or
 * `curl -d` without a Content-Type is answered with what to send instead, never parsed into
 * something else. Requests without a body, and paths outside /api (the web pages' forms), pass.
 */
export function requireJsonBodiesOnApi(otherBodyTypes: OtherBodyTypes = {}): RequestHandler {
  const others = new Map(Object.entries(otherBodyTypes).map(([route, type]) => [route.toLowerCase(), type]));
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isApiRequest(req) || !hasBody(req)) return next();
    const otherType = others.get(`${req.method} ${req.path.replace(/\/+$/, '')}`.toLowerCase());
    const expected = otherType ?? 'application/json';
    if (req.is(expected)) return next();
    const detail = otherType ? `Send the body as ${otherType}.` : 'Send the body as application/json.';
    const body = { ...problem(415, 'unsupported-media-type', detail), instance: req.path, correlationId: req.correlationId };
    // The body is answered unread, so the connection is not kept for another request (RFC 9112,
    // 9.6): on Node 24 the next request on it was sometimes misread (a 400 from the parser).
    res.set('Connection', 'close');
    res.status(415).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  };
}

/** As HTTP defines it: a body follows when the length is above zero or the body is chunked. */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > 0;
}
