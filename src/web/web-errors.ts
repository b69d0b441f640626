import type { Request, Response } from 'express';
import type { ProblemDetails } from '../common/problem-details';
import { isApiRequest } from '../common/api-request';
import { pageLocals } from './page-locals';
import { safeNextPath } from './web-paths';

/**
 * How a page request's errors look to a person: sign-in for a missing or ended sign-in (coming
 * back to the same place afterwards), and NHS-styled pages for 403, 404 and 500 (which names the
 * correlation id). Called by the one exception filter for every request outside the API.
 */
export function answerProblemAsPage(problem: ProblemDetails, request: Request, response: Response): boolean {
  if (isApiRequest(request)) return false;
  const locals = { ...pageLocals(request), correlationId: problem.correlationId };
  response.setHeader('Cache-Control', 'no-store');
  if (problem.status === 401) {
    const place = request.method === 'GET' ? safeNextPath(request.originalUrl) : undefined;
    response.redirect(303, place && place !== '/' ? `/sign-in?next=${encodeURIComponent(place)}` : '/sign-in');
    return true;
  }
  const [template, pageTitle] =
    problem.status === 404 || problem.status === 405
      ? ['errors/not-found.njk', 'Page not found']
      : problem.status === 403
        ? ['errors/forbidden.njk', 'You cannot do this']
        : problem.status >= 500
          ? ['errors/server-error.njk', 'Sorry, there is a problem with the service']
          : ['errors/problem.njk', 'There is a problem'];
  response.status(problem.status === 405 ? 404 : problem.status);
  response.render(template, { ...locals, pageTitle, heading: pageTitle, detail: problem.status < 500 ? problem.detail : undefined });
  return true;
}
