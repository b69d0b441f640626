import type { TrainingReportDto } from '../../reports/dto/training-report.dto';
import { readReportFilters } from './report-filters';
import { headlinePercent, periodText, trainingReportView } from './training-report-view';

const NORTH = { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', code: 'NAHSCP', name: 'North Ayrshire HSCP' };
const COURSE = { id: '3f1c2a4e-8b7d-4c6a-9e5f-1a2b3c4d5e6f', title: 'Literature searching' };
const scope = { admin: false, organisations: [NORTH], courses: [COURSE] } as unknown as Parameters<typeof trainingReportView>[1];

function report(overrides: Partial<TrainingReportDto> = {}): TrainingReportDto {
  return {
    from: null,
    to: null,
    groupBy: 'team',
    organisationId: NORTH.id,
    courseId: null,
    totals: { cohort: 71, trained: 48, percentTrained: 67.6, sessions: 9, attendances: 60, noShows: 4 },
    rows: [
      { key: `${NORTH.id}/Adults`, label: 'North Ayrshire HSCP / Adults', cohort: 40, trained: 30, percentTrained: 75, attendances: 40, noShows: 1 },
      { key: `${NORTH.id}/`, label: 'North Ayrshire HSCP / No team', cohort: 31, trained: 18, percentTrained: 58.1, attendances: 20, noShows: 3 },
    ],
    ...overrides,
  };
}

describe('headlinePercent', () => {
  it('rounds to a whole per cent, never saying 0% of someone or 100% of not everyone', () => {
    expect(headlinePercent(48, 71)).toBe('68%');
    expect(headlinePercent(1, 1000)).toBe('less than 1%');
    expect(headlinePercent(999, 1000)).toBe('more than 99%');
    expect(headlinePercent(0, 10)).toBe('0%');
    expect(headlinePercent(10, 10)).toBe('100%');
    expect(headlinePercent(0, 0)).toBe('0%');
  });
});

describe('periodText', () => {
  it('names London days, whichever ends are given', () => {
    // 23:30 UTC on 31 March 2026 is 1 April in London.
    expect(periodText(new Date('2026-03-31T23:30:00Z'), new Date('2027-03-31T22:59:59.999Z'))).toBe('between 1 April 2026 and 31 March 2027');
    expect(periodText(new Date('2026-12-01T00:00:00Z'), null)).toBe('since 1 December 2026');
    expect(periodText(null, new Date('2026-12-01T00:00:00Z'))).toBe('up to 1 December 2026');
    expect(periodText(null, null)).toBe('at any time');
  });
});

describe('trainingReportView', () => {
  it('puts the headline in words, the rows by team alone within one organisation, and links that keep the filters', () => {
    const query = readReportFilters({ course: COURSE.id }, { admin: false });
    const view = trainingReportView(query, { ...scope, report: report({ courseId: COURSE.id }) });
    expect(view.scopeName).toBe('North Ayrshire HSCP');
    expect(view.results).toMatchObject({
      headline: '48 of 71 social workers trained (68%)',
      definition: 'Trained means they attended at least one session of Literature searching at any time.',
      activity: 'Over the same period: 60 attendances at 9 sessions, and 4 no-shows (booked but absent).',
      csvHref: `/reports/training.csv?course=${COURSE.id}`,
      notYetTrained: { text: '23 social workers not yet trained', href: `/reports/not-yet-trained?course=${COURSE.id}` },
    });
    expect(view.results!.rows.map((row) => row.label)).toEqual(['Adults', 'No team']);
    expect(view.results!.total).toEqual({ label: 'Total', cohort: '71', trained: '48', percent: '67.6%', attendances: '60', noShows: '4' });
    expect(view.results!.chart!.bars.map((bar) => bar.percent)).toEqual([75, 58.1]);
  });

  it('says when nobody is in scope, or nobody attended, instead of empty figures', () => {
    const query = readReportFilters({ group: 'month' }, { admin: false });
    const nobody = trainingReportView(query, { ...scope, report: report({ groupBy: 'month', totals: { cohort: 0, trained: 0, percentTrained: 0, sessions: 0, attendances: 0, noShows: 0 }, rows: [] }) });
    expect(nobody.results).toMatchObject({ noCohort: expect.stringContaining('There are no social workers in North Ayrshire HSCP') as string, activity: undefined });
    const quiet = trainingReportView(query, { ...scope, report: report({ groupBy: 'month', totals: { cohort: 71, trained: 0, percentTrained: 0, sessions: 0, attendances: 0, noShows: 0 }, rows: [] }) });
    expect(quiet.results).toMatchObject({ noRows: 'Nobody attended a session at any time.', activity: undefined, chart: undefined });
  });

  it('shows no results while the filters have errors', () => {
    const view = trainingReportView(readReportFilters({ 'from-day': '40' }, { admin: false }), scope);
    expect(view.results).toBeUndefined();
    expect(view.errors).toHaveLength(1);
  });
});
