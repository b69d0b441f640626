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
import { type GroupBy, localDate, monthLabel, percentTrained, REPORT_ZONE } from './report-definitions';
import { resolveReportFilter } from './report-scope';
import { asCount, cohortCondition, countedSessionCondition, filterParameters, onReportSnapshot, ReportFilter, runQuery } from './report-sql';

interface Measures {
  cohort: number;
  trained: number;
  attendances: number;
  noShows: number;
}

type RawMeasures = Partial<Record<keyof Measures, unknown>>;

/** What each grouping's rows are called in a spreadsheet, and what its key holds. */
const CSV_GROUP_HEADINGS: Record<GroupBy, { label: string; key: string }> = {
  organisation: { label: 'Organisation', key: 'Organisation ID' },
  team: { label: 'Team', key: 'Team key (organisation ID/team)' },
  course: { label: 'Course', key: 'Course ID' },
  month: { label: 'Month', key: 'Month (YYYY-MM)' },
};

/** The row's name first, under headings a spreadsheet user understands; the key last, for merging. */
function trainingReportCsvColumns(groupBy: GroupBy): Array<CsvColumn<TrainingReportRowDto>> {
  const headings = CSV_GROUP_HEADINGS[groupBy];
  return [
    { key: 'label', header: headings.label },
    { key: 'cohort', header: 'Cohort' },
    { key: 'trained', header: 'Trained' },
    { key: 'percentTrained', header: 'Percent trained' },
    { key: 'attendances', header: 'Attendances' },
    { key: 'noShows', header: 'No-shows' },
    { key: 'key', header: headings.key },
  ];
}

/*
 * How the figures are computed: every measure but the cohort comes from attendance_fact, one row
 * per record with the person's organisation and team and the session's course, start and month
 * beside it, so each report is one scan of a partial covering index in the order of its groups
 * (by_team, by_course or by_month), with no join. `trained` is COUNT(DISTINCT person) per group;
 * each person's facts carry their one organisation and team, so organisation and team rows
 * partition the trained people and the totals are the rows' sums. A person can be in several
 * course or month rows, so those reports count their totals' trained people once more, apart.
 * The cohort comes from person.
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
      stream: csvStream(trainingReportCsvColumns(query.groupBy), [...report.rows, total]),
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
    case 'course':
    case 'month': {
      const cohort = sum(await cohortGroups(manager, filter)).cohort;
      const rows = groupBy === 'course' ? await byCourse(manager, filter, cohort) : await byMonth(manager, filter, cohort);
      // Each record is in one course and one month, so attendances and no-shows add up; trained people do not.
      const { attendances, noShows } = sum(rows);
      return { totals: { cohort, trained: await trainedPeople(manager, filter), attendances, noShows }, rows };
    }
  }
}

/** One group's measures, with the fact columns it is grouped by. */
type Activity = RawMeasures & { organisationId?: string; team?: string | null; courseId?: string; month?: string };

/**
 * The facts (f) that count for the filter: the cohort's records in sessions that count, in the
 * range, of the course and organisation if given. The first two terms are word for word the
 * partial indexes' WHERE (see AttendanceFact), which is what lets either database use them.
 */
function factConditions(filter: ReportFilter): string {
  return [
    'f."inCohort" = TRUE',
    'f."counted" = TRUE',
    ...(filter.from ? ['f."startsAt" >= :from'] : []),
    ...(filter.to ? ['f."startsAt" <= :to'] : []),
    ...(filter.courseId ? ['f."courseId" = :courseId'] : []),
    ...(filter.organisationId ? ['f."organisationId" = :organisationId'] : []),
  ].join(' AND ');
}

/** Trained people, attendances and no-shows of the cohort in counted sessions, grouped by fact columns. */
function activity(manager: EntityManager, filter: ReportFilter, columns: string[]): Promise<Activity[]> {
  return runQuery<Activity>(
    manager,
    `SELECT ${columns.map((column) => `f."${column}" AS "${column}"`).join(', ')},
            COUNT(DISTINCT CASE WHEN f.status = 'attended' THEN f."personId" END) AS trained,
            SUM(CASE WHEN f.status = 'attended' THEN 1 ELSE 0 END) AS attendances,
            SUM(CASE WHEN f.status = 'absent' THEN 1 ELSE 0 END) AS "noShows"
     FROM attendance_fact f
     WHERE ${factConditions(filter)}
     GROUP BY ${columns.map((column) => `f."${column}"`).join(', ')}`,
    filterParameters(filter),
  );
}

/**
 * Trained people in the whole scope, each once. Written as DISTINCT in the by_team index's
 * order so that SQLite counts them as it walks the index (a plain COUNT(DISTINCT) there reads
 * every row of the table instead).
 */
async function trainedPeople(manager: EntityManager, filter: ReportFilter): Promise<number> {
  const [row] = await runQuery<{ trained: unknown }>(
    manager,
    `SELECT COUNT(*) AS trained FROM (
       SELECT DISTINCT f."organisationId", f.team, f."personId" FROM attendance_fact f
       WHERE ${factConditions(filter)} AND f.status = 'attended'
       ORDER BY f."organisationId", f.team, f."personId"
     ) trained_people`,
    filterParameters(filter),
  );
  return asCount(row.trained);
}

/** The cohort per organisation and team, from the person index that holds just the cohort. */
async function cohortGroups(manager: EntityManager, filter: ReportFilter): Promise<Array<{ organisationId: string; team: string | null } & Measures>> {
  const rows = await runQuery<{ organisationId: string; team: string | null; cohort: unknown }>(
    manager,
    `SELECT p."organisationId" AS "organisationId", p.team AS team, COUNT(*) AS cohort FROM person p WHERE ${cohortCondition(filter)} GROUP BY p."organisationId", p.team`,
    filterParameters(filter),
  );
  return rows.map((row) => ({ organisationId: row.organisationId, team: row.team, ...toMeasures({ cohort: row.cohort }) }));
}

/** The cohort and its activity per organisation (team: false) or per team, keyed `organisationId` or `organisationId/team`. */
async function cohortAndActivity(manager: EntityManager, filter: ReportFilter, team: boolean): Promise<Map<string, { organisationId: string; team: string } & Measures>> {
  const keyOf = (row: { organisationId?: string; team?: string | null }) => (team ? `${row.organisationId}/${row.team ?? ''}` : String(row.organisationId));
  const groups = new Map<string, { organisationId: string; team: string } & Measures>();
  for (const row of await cohortGroups(manager, filter)) {
    const key = keyOf(row);
    const cohort = (groups.get(key)?.cohort ?? 0) + row.cohort;
    groups.set(key, { organisationId: row.organisationId, team: team ? (row.team ?? '') : '', ...toMeasures({}), cohort });
  }
  // Read per team even for organisation rows: distinct people in groups of thousands cost a
  // third less than in groups of tens of thousands, and each person is in one team, so teams add
  // up to their organisation (as no team, NULL, and an empty team add up to "No team").
  for (const row of await activity(manager, filter, ['organisationId', 'team'])) {
    const group = groups.get(keyOf(row));
    if (group) Object.assign(group, sum([group, toMeasures(row)]));
  }
  return groups;
}

async function byOrganisation(manager: EntityManager, filter: ReportFilter): Promise<TrainingReportRowDto[]> {
  const groups = [...(await cohortAndActivity(manager, filter, false)).values()];
  const names = await organisationNames(manager, groups.map((g) => g.organisationId));
  return sortByLabel(groups.map((g) => ({ key: g.organisationId, label: names.get(g.organisationId) ?? '', ...withPercent(g) })));
}

async function byTeam(manager: EntityManager, filter: ReportFilter): Promise<TrainingReportRowDto[]> {
  const groups = await cohortAndActivity(manager, filter, true);
  const names = await organisationNames(manager, [...groups.values()].map((g) => g.organisationId));
  return sortByLabel(
    [...groups].map(([key, g]) => ({
      key,
      label: `${names.get(g.organisationId) ?? ''} / ${g.team || 'No team'}`,
      ...withPercent(g),
    })),
  );
}

/** Course and month rows carry the cohort of the whole scope: a person counts once per row however many of its sessions they attended. */
async function byCourse(manager: EntityManager, filter: ReportFilter, cohort: number): Promise<TrainingReportRowDto[]> {
  const groups = await activity(manager, filter, ['courseId']);
  const ids = groups.map((g) => g.courseId!);
  const courses = ids.length === 0 ? [] : await manager.find(Course, { where: { id: In(ids) }, select: { id: true, title: true } });
  const titles = new Map(courses.map((c) => [c.id, c.title]));
  return sortByLabel(groups.map((g) => ({ key: g.courseId!, label: titles.get(g.courseId!) ?? '', ...withPercent({ ...toMeasures(g), cohort }) })));
}

/** London calendar months of the session start, as the facts hold them. */
async function byMonth(manager: EntityManager, filter: ReportFilter, cohort: number): Promise<TrainingReportRowDto[]> {
  const groups = await activity(manager, filter, ['month']);
  return groups
    .map((g) => ({ key: g.month!, label: monthLabel(g.month!), ...withPercent({ ...toMeasures(g), cohort }) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Counted sessions with at least one record of a person of the organisation in scope (any
 * status, any person of it); for all organisations, with at least one record at all.
 */
async function countedSessions(manager: EntityManager, filter: ReportFilter): Promise<number> {
  const organisation = filter.organisationId ? ' AND f."organisationId" = :organisationId' : '';
  const [row] = await runQuery<{ sessions: unknown }>(
    manager,
    `SELECT COUNT(*) AS sessions FROM training_session s
     WHERE ${countedSessionCondition(filter)} AND EXISTS (SELECT 1 FROM attendance_fact f WHERE f."sessionId" = s.id${organisation})`,
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
