import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { Course } from '../courses/course.entity';
import { Transactions } from '../database/transactions';
import { Organisation } from '../organisations/organisation.entity';
import { CsvColumn, CsvDownload, csvStream } from './csv-export';
import type { TrainingReportQueryDto } from './dto/report-query.dto';
import type { TrainingReportDto, TrainingReportRowDto, TrainingTotalsDto } from './dto/training-report.dto';
import { type GroupBy, localDate, londonMonths, percentTrained, REPORT_ZONE } from './report-definitions';
import { resolveReportFilter } from './report-scope';
import {
  asCount,
  asInstant,
  cohortCondition,
  countedSessionCondition,
  filterParameters,
  onReportSnapshot,
  ReportFilter,
  runQuery,
  timestampParameter,
} from './report-sql';

interface Measures {
  cohort: number;
  trained: number;
  attendances: number;
  noShows: number;
}

type RawMeasures = Partial<Record<keyof Measures, unknown>>;

const CSV_COLUMNS: Array<CsvColumn<TrainingReportRowDto>> = [
  { key: 'key', header: 'key' },
  { key: 'label', header: 'label' },
  { key: 'cohort', header: 'cohort' },
  { key: 'trained', header: 'trained' },
  { key: 'percentTrained', header: 'percentTrained' },
  { key: 'attendances', header: 'attendances' },
  { key: 'noShows', header: 'noShows' },
];

/*
 * How the figures are computed, in as few passes over attendance_record as the grouping allows:
 * - "per person": each cohort member's attended and absent records in counted sessions, so a
 *   person trained in many sessions is counted once without COUNT(DISTINCT) over all records;
 *   grouped by organisation or team it gives every row's figures (each person is in one group)
 *   and the totals are the rows' sums; ungrouped, the totals for course and month;
 * - "per person and group" for course and month, where one person can be in several rows;
 * - "sessions": counted sessions with a record of someone in the organisation scope.
 */

/** "23 of 70 trained": the cohort against the people of it who attended, in totals and grouped. */
@Injectable()
export class TrainingReportService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  report(actor: Actor, query: TrainingReportQueryDto): Promise<TrainingReportDto> {
    return onReportSnapshot(this.transactions, async (manager) => {
      const filter = await resolveReportFilter(manager, actor, query);
      const { totals, rows } = await figures(manager, filter, query.groupBy);
      return {
        from: filter.from,
        to: filter.to,
        groupBy: query.groupBy,
        organisationId: filter.organisationId,
        courseId: filter.courseId,
        totals: { ...withPercent(totals), sessions: await countedSessions(manager, filter) } as TrainingTotalsDto,
        rows,
      };
    });
  }

  /** The same report as a CSV download: one line per row, then a "Total" line. */
  async csv(actor: Actor, query: TrainingReportQueryDto): Promise<CsvDownload> {
    const report = await this.report(actor, query);
    const { sessions: _sessions, ...totals } = report.totals;
    const total: TrainingReportRowDto = { key: '', label: 'Total', ...totals };
    return {
      filename: `training-report-${query.groupBy}-${localDate(this.clock.now(), REPORT_ZONE)}.csv`,
      stream: csvStream(CSV_COLUMNS, [...report.rows, total]),
    };
  }
}

async function figures(manager: EntityManager, filter: ReportFilter, groupBy: GroupBy): Promise<{ totals: Measures; rows: TrainingReportRowDto[] }> {
  switch (groupBy) {
    case 'organisation':
    case 'team': {
      const rows = groupBy === 'organisation' ? await byOrganisation(manager, filter) : await byTeam(manager, filter);
      return { totals: sum(rows), rows };
    }
    case 'course': {
      const [totals] = await perPerson(manager, filter, []);
      return { totals, rows: await byCourse(manager, filter, totals.cohort) };
    }
    case 'month': {
      const [totals] = await perPerson(manager, filter, []);
      return { totals, rows: await byMonth(manager, filter, totals.cohort) };
    }
  }
}

/** Cohort members' attended and absent records in counted sessions, one row per person. */
function attendancePerPerson(filter: ReportFilter): string {
  // With one organisation only its cohort's records are read, not the whole country's.
  const people = filter.organisationId ? ` AND ar."personId" IN (SELECT op.id FROM person op WHERE ${cohortCondition(filter, 'op')})` : '';
  // COALESCE(x, x) is x, written as an expression so that SQLite reads the records in person
  // order from the (personId, status, sessionId) index and probes the list of sessions, rather
  // than visiting the sessions one by one and sorting a million rows by person.
  return `
    SELECT ar."personId" AS "personId",
           SUM(CASE WHEN ar.status = 'attended' THEN 1 ELSE 0 END) AS attended,
           SUM(CASE WHEN ar.status = 'absent' THEN 1 ELSE 0 END) AS absent
    FROM attendance_record ar
    WHERE COALESCE(ar."sessionId", ar."sessionId") IN (SELECT s.id FROM training_session s WHERE ${countedSessionCondition(filter)})${people}
    GROUP BY ar."personId"`;
}

type Group = Record<string, string>;

/**
 * The cohort and its attendance, grouped by person columns (none: one group). Two queries:
 * the cohort from person alone, and the attendance per person joined to its person, so that
 * neither joins two hundred thousand rows to two hundred thousand others.
 */
async function perPerson(manager: EntityManager, filter: ReportFilter, groupColumns: Array<[string, string]>): Promise<Array<Group & Measures>> {
  const select = groupColumns.map(([expression, alias]) => `${expression} AS "${alias}", `).join('');
  const groupBy = groupColumns.length ? `GROUP BY ${groupColumns.map(([expression]) => expression).join(', ')}` : '';
  const keyOf = (row: Record<string, unknown>) => groupColumns.map(([, alias]) => String(row[alias])).join('/');
  const parameters = filterParameters(filter);
  const cohorts = await runQuery<Group & { cohort: unknown }>(manager, `SELECT ${select}COUNT(*) AS cohort FROM person p WHERE ${cohortCondition(filter)} ${groupBy}`, parameters);
  const activity = await runQuery<Group & RawMeasures>(
    manager,
    // CROSS JOIN keeps SQLite's loop order (per-person rows first, then their person); PostgreSQL reorders it freely.
    `SELECT ${select}SUM(CASE WHEN pp.attended > 0 THEN 1 ELSE 0 END) AS trained,
            SUM(pp.attended) AS attendances,
            SUM(pp.absent) AS "noShows"
     FROM (${attendancePerPerson(filter)}) pp
     CROSS JOIN person p
     WHERE p.id = pp."personId" AND ${cohortCondition(filter)}
     ${groupBy}`,
    parameters,
  );
  const activityByKey = new Map(activity.map((row) => [keyOf(row), row]));
  return cohorts.map(({ cohort, ...group }) => ({ ...group, ...toMeasures({ ...activityByKey.get(keyOf(group)), cohort }) }) as Group & Measures);
}

async function byOrganisation(manager: EntityManager, filter: ReportFilter): Promise<TrainingReportRowDto[]> {
  const groups = await perPerson(manager, filter, [['p."organisationId"', 'organisationId']]);
  const names = await organisationNames(manager, groups.map((g) => g.organisationId));
  return sortByLabel(groups.map((g) => ({ key: g.organisationId, label: names.get(g.organisationId) ?? '', ...withPercent(g) })));
}

async function byTeam(manager: EntityManager, filter: ReportFilter): Promise<TrainingReportRowDto[]> {
  const groups = await perPerson(manager, filter, [
    ['p."organisationId"', 'organisationId'],
    [`COALESCE(p.team, '')`, 'team'],
  ]);
  const names = await organisationNames(manager, groups.map((g) => g.organisationId));
  return sortByLabel(
    groups.map((g) => ({
      key: `${g.organisationId}/${g.team}`,
      label: `${names.get(g.organisationId) ?? ''} / ${g.team || 'No team'}`,
      ...withPercent(g),
    })),
  );
}

/**
 * Rows keyed by a session property (course, month): each cohort member's records per group
 * first, so a person counts once per group however many sessions of it they attended. The
 * group of each counted session (`sessionGroups`: sessionId, groupKey) is worked out once,
 * materialised, rather than for every record.
 */
function perPersonAndGroup(manager: EntityManager, filter: ReportFilter, sessionGroups: string, parameters: Record<string, unknown>): Promise<Array<{ groupKey: string } & RawMeasures>> {
  return runQuery(
    manager,
    `WITH session_group AS MATERIALIZED (${sessionGroups})
     SELECT g."groupKey" AS "groupKey",
            SUM(CASE WHEN g.attended > 0 THEN 1 ELSE 0 END) AS trained,
            SUM(g.attended) AS attendances,
            SUM(g.absent) AS "noShows"
     FROM (
       SELECT sg."groupKey" AS "groupKey", ar."personId" AS "personId",
              SUM(CASE WHEN ar.status = 'attended' THEN 1 ELSE 0 END) AS attended,
              SUM(CASE WHEN ar.status = 'absent' THEN 1 ELSE 0 END) AS absent
       FROM attendance_record ar
       JOIN session_group sg ON sg."sessionId" = ar."sessionId"
       WHERE ar."personId" IN (SELECT p.id FROM person p WHERE ${cohortCondition(filter)})
       GROUP BY sg."groupKey", ar."personId"
     ) g
     GROUP BY g."groupKey"`,
    { ...filterParameters(filter), ...parameters },
  );
}

async function byCourse(manager: EntityManager, filter: ReportFilter, cohort: number): Promise<TrainingReportRowDto[]> {
  const sessionGroups = `SELECT s.id AS "sessionId", s."courseId" AS "groupKey" FROM training_session s WHERE ${countedSessionCondition(filter)}`;
  const groups = await perPersonAndGroup(manager, filter, sessionGroups, {});
  const courses = groups.length === 0 ? [] : await manager.find(Course, { where: { id: In(groups.map((g) => g.groupKey)) }, select: { id: true, title: true } });
  const titles = new Map(courses.map((c) => [c.id, c.title]));
  return sortByLabel(groups.map((g) => ({ key: g.groupKey, label: titles.get(g.groupKey) ?? '', ...withPercent({ ...toMeasures(g), cohort }) })));
}

/** London calendar months: a session belongs to the month its start falls in, read in Europe/London. */
async function byMonth(manager: EntityManager, filter: ReportFilter, cohort: number): Promise<TrainingReportRowDto[]> {
  const [span] = await runQuery<{ first: unknown; last: unknown }>(
    manager,
    `SELECT MIN(s."startsAt") AS first, MAX(s."startsAt") AS last FROM training_session s WHERE ${countedSessionCondition(filter)}`,
    filterParameters(filter),
  );
  const first = asInstant(span.first);
  const last = asInstant(span.last);
  if (!first || !last) return [];
  const months = londonMonths(first, last);
  // The months as a small derived table of [start, end) instants, so both databases place
  // sessions with the same comparison (SQLite has no time zones).
  const monthTable = months
    .map((_, i) => `SELECT CAST(:month${i} AS varchar(7)) AS "monthKey", ${timestampParameter(manager, `monthStart${i}`)} AS "monthStart", ${timestampParameter(manager, `monthEnd${i}`)} AS "monthEnd"`)
    .join(' UNION ALL ');
  const sessionGroups = `SELECT s.id AS "sessionId", m."monthKey" AS "groupKey" FROM training_session s
    JOIN (${monthTable}) m ON s."startsAt" >= m."monthStart" AND s."startsAt" < m."monthEnd"
    WHERE ${countedSessionCondition(filter)}`;
  const parameters = Object.fromEntries(months.flatMap((m, i) => [[`month${i}`, m.key], [`monthStart${i}`, m.start], [`monthEnd${i}`, m.end]]));
  const groups = await perPersonAndGroup(manager, filter, sessionGroups, parameters);
  const labels = new Map(months.map((m) => [m.key, m.label]));
  return groups
    .map((g) => ({ key: g.groupKey, label: labels.get(g.groupKey) ?? g.groupKey, ...withPercent({ ...toMeasures(g), cohort }) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Counted sessions with at least one record of a person of the organisation in scope (any
 * status, any person of it); for all organisations, with at least one record at all.
 */
async function countedSessions(manager: EntityManager, filter: ReportFilter): Promise<number> {
  const attended = filter.organisationId
    ? `s.id IN (SELECT ar."sessionId" FROM attendance_record ar JOIN person p ON p.id = ar."personId" WHERE p."organisationId" = :organisationId)`
    : `EXISTS (SELECT 1 FROM attendance_record ar WHERE ar."sessionId" = s.id)`;
  const [row] = await runQuery<{ sessions: unknown }>(
    manager,
    `SELECT COUNT(*) AS sessions FROM training_session s WHERE ${countedSessionCondition(filter)} AND ${attended}`,
    filterParameters(filter),
  );
  return asCount(row.sessions);
}

async function organisationNames(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const organisations = await manager.find(Organisation, { where: { id: In([...new Set(ids)]) }, select: { id: true, name: true } });
  return new Map(organisations.map((o) => [o.id, o.name]));
}

function toMeasures(row: RawMeasures): Measures {
  return { cohort: asCount(row.cohort), trained: asCount(row.trained), attendances: asCount(row.attendances), noShows: asCount(row.noShows) };
}

function sum(rows: Measures[]): Measures {
  return rows.reduce(
    (total, row) => ({
      cohort: total.cohort + row.cohort,
      trained: total.trained + row.trained,
      attendances: total.attendances + row.attendances,
      noShows: total.noShows + row.noShows,
    }),
    { cohort: 0, trained: 0, attendances: 0, noShows: 0 },
  );
}

function withPercent(measures: Measures) {
  return {
    cohort: measures.cohort,
    trained: measures.trained,
    percentTrained: percentTrained(measures.trained, measures.cohort),
    attendances: measures.attendances,
    noShows: measures.noShows,
  };
}

function sortByLabel(rows: TrainingReportRowDto[]): TrainingReportRowDto[] {
  return rows.sort((a, b) => a.label.localeCompare(b.label, 'en-GB') || a.key.localeCompare(b.key));
}
