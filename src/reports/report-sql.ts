import { EntityManager } from 'typeorm';
import { Transactions } from '../database/transactions';
import type { ReportRange } from './report-definitions';

/** What a report covers, after scoping to the caller. */
export interface ReportFilter extends ReportRange {
  /** Null: every organisation (admins only). */
  organisationId: string | null;
  courseId: string | null;
}

/*
 * The report definitions as SQL, written once for SQLite and PostgreSQL. Aliases: p = person,
 * s = training_session, ar = attendance_record. Named parameters (:name) are bound by the
 * TypeORM driver, which also writes Dates the way each database stores them.
 */

/** The cohort: active people with the learner role (erased people stay: erasure does not make them inactive). */
export function cohortCondition(filter: ReportFilter, p = 'p'): string {
  // roles is a comma-separated list in which no role name contains another, so LIKE is exact.
  const organisation = filter.organisationId ? ` AND ${p}."organisationId" = :organisationId` : '';
  return `${p}.active = TRUE AND ${p}.roles LIKE '%learner%'${organisation}`;
}

/** Sessions that count: not cancelled, starting within the range, of the course if one is given. */
export function countedSessionCondition(filter: ReportFilter, s = 's'): string {
  return [
    `${s}.status <> 'cancelled'`,
    ...(filter.from ? [`${s}."startsAt" >= :from`] : []),
    ...(filter.to ? [`${s}."startsAt" <= :to`] : []),
    ...(filter.courseId ? [`${s}."courseId" = :courseId`] : []),
  ].join(' AND ');
}

export function filterParameters(filter: ReportFilter): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== null));
}

/** Runs SQL with named parameters on either database. */
export async function runQuery<T>(manager: EntityManager, sql: string, parameters: Record<string, unknown>): Promise<T[]> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters, {});
  return (await manager.query(query, values)) as T[];
}

/** COUNT and SUM come back as numbers from SQLite and as strings (bigint) from PostgreSQL. */
export function asCount(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Raw timestamps come back as Dates from PostgreSQL and as 'YYYY-MM-DD HH:MM:SS.SSS' (UTC) from SQLite. */
export function asInstant(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(`${String(value).replace(' ', 'T')}Z`);
}

/**
 * Runs a report's queries on one snapshot, so totals and rows agree. PostgreSQL: a REPEATABLE
 * READ transaction in which the planner prices index pages as the cached pages they are
 * (random_page_cost 1.1, not the default 4 for spinning disks): otherwise a report over a date
 * range reads the whole table and sorts it rather than walk its covering index in group order,
 * which took 1.7 to 3.5 times as long at national scale. JIT off: compiling these plans costs
 * more than it saves. SQLite: the read queue of the shared connection.
 */
export function onReportSnapshot<T>(transactions: Transactions, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (transactions.dialect === 'sqlite') return transactions.read(work);
  return transactions.dataSource.transaction('REPEATABLE READ', async (manager) => {
    await manager.query('SET LOCAL jit = off');
    await manager.query('SET LOCAL random_page_cost = 1.1');
    return work(manager);
  });
}
