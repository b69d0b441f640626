import { EntityManager } from 'typeorm';
import { hasRole, type Actor } from '../auth/actor';
import { NotFoundError } from '../common/domain-error';
import { Course } from '../courses/course.entity';
import { Organisation } from '../organisations/organisation.entity';
import { resolveReportRange } from './report-definitions';
import type { ReportFilter } from './report-sql';

/**
 * Turns report parameters into what the caller may see: admins any organisation (or all),
 * managers only their own. Naming an organisation the caller may not see, or an unknown
 * organisation or course, is 404.
 */
export async function resolveReportFilter(
  manager: EntityManager,
  actor: Actor,
  query: { from?: string; to?: string; organisationId?: string; courseId?: string },
): Promise<ReportFilter> {
  const range = resolveReportRange(query.from, query.to);
  let organisationId: string | null;
  if (hasRole(actor, 'admin')) {
    organisationId = query.organisationId ?? null;
  } else {
    if (query.organisationId && query.organisationId !== actor.organisationId) throw new NotFoundError('Organisation');
    organisationId = actor.organisationId;
  }
  if (organisationId && !(await manager.existsBy(Organisation, { id: organisationId }))) throw new NotFoundError('Organisation');
  if (query.courseId && !(await manager.existsBy(Course, { id: query.courseId }))) throw new NotFoundError('Course');
  return { ...range, organisationId, courseId: query.courseId ?? null };
}
