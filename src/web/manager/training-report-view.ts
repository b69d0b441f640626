import type { FieldError } from '../../common/domain-error';
import type { TrainingReportDto, TrainingReportRowDto } from '../../reports/dto/training-report.dto';
import type { GroupBy } from '../../reports/report-definitions';
import { barChart, BarChartView, percentText } from './bar-chart';
import type { ReportScope, TrainingReportPageData } from './manager-pages.service';
import { groupingsFor, ReportFiltersQuery, reportFiltersQueryString } from './report-filters';
import { GROUPING_NAMES, ReportFiltersView, reportFiltersView } from './report-filters-view';

const LONDON_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

/** One formatter, made once: a national report formats a thousand numbers. */
const COUNT = new Intl.NumberFormat('en-GB');

/** 1234 → "1,234". */
export function count(n: number): string {
  return COUNT.format(n);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/**
 * The headline's share, in whole per cent: never "0%" when someone is trained, nor "100%" while
 * someone is not.
 */
export function headlinePercent(trained: number, cohort: number): string {
  if (cohort === 0) return '0%';
  const percent = Math.round((trained * 100) / cohort);
  if (percent === 0 && trained > 0) return 'less than 1%';
  if (percent === 100 && trained < cohort) return 'more than 99%';
  return `${percent}%`;
}

/** "between 1 April 2026 and 31 March 2027", "since …", "up to …", or "at any time". */
export function periodText(from: Date | null, to: Date | null): string {
  if (from && to) return `between ${LONDON_DAY.format(from)} and ${LONDON_DAY.format(to)}`;
  if (from) return `since ${LONDON_DAY.format(from)}`;
  if (to) return `up to ${LONDON_DAY.format(to)}`;
  return 'at any time';
}

export interface ReportTableRow {
  label: string;
  cohort: string;
  trained: string;
  percent: string;
  attendances: string;
  noShows: string;
}

export interface TrainingReportResults {
  /** "48 of 71 social workers trained (68%)" */
  headline: string;
  trained: number;
  cohort: number;
  /** "Trained means at least one session attended at any time." */
  definition: string;
  /** Attendances and no-shows over the period; absent when there were none. */
  activity?: string;
  /** What to say instead of the headline when nobody is in scope. */
  noCohort?: string;
  /** What to say instead of the table when it would have no rows. */
  noRows?: string;
  grouping: { heading: string; column: string };
  /** For course and month rows, whose cohort is the whole scope's. */
  rowsNote?: string;
  rows: ReportTableRow[];
  total: ReportTableRow;
  chart?: BarChartView;
  csvHref: string;
  /** "23 social workers not yet trained", linking to them with the same filters. */
  notYetTrained?: { text: string; href: string };
}

export interface TrainingReportView {
  pageTitle: string;
  errors: FieldError[];
  /** "NHS Ayrshire & Arran" or "All organisations". */
  scopeName: string;
  filters: ReportFiltersView;
  /** Absent when the filters had errors. */
  results?: TrainingReportResults;
}

/** The organisation the report covers, or all of them (admins). */
export function scopeName(scope: ReportScope, organisationId: string | null | undefined): string {
  if (!scope.admin) return scope.organisations[0]?.name ?? '';
  if (!organisationId) return 'All organisations';
  return scope.organisations.find((organisation) => organisation.id === organisationId)?.name ?? '';
}

/** A team row names its organisation too; within one organisation the team alone says it. */
function rowLabel(row: TrainingReportRowDto, groupBy: GroupBy, oneOrganisation: boolean): string {
  if (groupBy !== 'team' || !oneOrganisation) return row.label;
  return row.key.slice(row.key.indexOf('/') + 1) || 'No team';
}

function tableRow(label: string, figures: Omit<TrainingReportRowDto, 'key' | 'label'>): ReportTableRow {
  return {
    label,
    cohort: count(figures.cohort),
    trained: count(figures.trained),
    percent: percentText(figures.percentTrained),
    attendances: count(figures.attendances),
    noShows: count(figures.noShows),
  };
}

function results(report: TrainingReportDto, scope: ReportScope, query: ReportFiltersQuery, courseTitle: string | undefined): TrainingReportResults {
  const { totals, groupBy } = report;
  const reader = { admin: scope.admin };
  const oneOrganisation = report.organisationId !== null;
  const names = GROUPING_NAMES[groupBy];
  const period = periodText(report.from, report.to);
  const ofCourse = courseTitle ? ` of ${courseTitle}` : '';
  const rows = report.rows.map((row) => ({ ...row, label: rowLabel(row, groupBy, oneOrganisation) }));
  const notTrained = totals.cohort - totals.trained;
  const filtersForPeople = { ...query.form, group: groupingsFor(reader)[0] };
  return {
    headline: `${count(totals.trained)} of ${plural(totals.cohort, 'social worker')} trained (${headlinePercent(totals.trained, totals.cohort)})`,
    trained: totals.trained,
    cohort: totals.cohort,
    definition: `Trained means they attended at least one session${ofCourse} ${period}.`,
    activity:
      totals.attendances + totals.noShows === 0
        ? undefined
        : `Over the same period: ${plural(totals.attendances, 'attendance')} at ${plural(totals.sessions, 'session')}, and ${plural(totals.noShows, 'no-show')} (booked but absent).`,
    noCohort:
      totals.cohort === 0
        ? `There are no social workers in ${scopeName(scope, report.organisationId)} on the service yet. They appear here once an administrator adds them with the learner role.`
        : undefined,
    noRows: totals.cohort > 0 && rows.length === 0 ? `Nobody attended a session${ofCourse} ${period}.` : undefined,
    grouping: { heading: `Trained by ${names.one}`, column: names.heading },
    rowsNote:
      groupBy === 'course' || groupBy === 'month'
        ? `Each ${names.one} counts against all ${plural(totals.cohort, 'social worker')}. Someone trained in two ${names.one}s is in both rows, and once in the total.`
        : undefined,
    rows: rows.map((row) => tableRow(row.label, row)),
    total: tableRow('Total', totals),
    chart: barChart(rows, names.one, `Percentage of social workers trained by ${names.one}`),
    csvHref: `/reports/training.csv${reportFiltersQueryString(query.form, reader)}`,
    notYetTrained:
      notTrained > 0
        ? { text: `${plural(notTrained, 'social worker')} not yet trained`, href: `/reports/not-yet-trained${reportFiltersQueryString(filtersForPeople, reader)}` }
        : undefined,
  };
}

export function trainingReportView(query: ReportFiltersQuery, data: TrainingReportPageData): TrainingReportView {
  const courseTitle = data.courses.find((course) => course.id === query.form.course)?.title;
  return {
    pageTitle: 'Training report',
    errors: query.errors,
    scopeName: scopeName(data, data.report ? data.report.organisationId : query.form.organisation),
    filters: reportFiltersView('/reports/training', query, data, true),
    results: data.report && results(data.report, data, query, courseTitle),
  };
}
