import { readReportFilters, reportFiltersQueryString } from './report-filters';

const COURSE = '3f1c2a4e-8b7d-4c6a-9e5f-1a2b3c4d5e6f';
const ORGANISATION = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const manager = { admin: false };
const admin = { admin: true };
const blank = { day: '', month: '', year: '' };

describe('readReportFilters', () => {
  it('reads no filters as all time, by team for a manager and by organisation for an admin', () => {
    expect(readReportFilters({}, manager)).toEqual({
      form: { group: 'team', organisation: '', course: '', from: blank, to: blank },
      errors: [],
      dateErrorParts: {},
      filters: { groupBy: 'team', organisationId: undefined, courseId: undefined, from: undefined, to: undefined },
    });
    expect(readReportFilters({}, admin).filters?.groupBy).toBe('organisation');
  });

  it('reads the grouping, the course and whole London days as plain dates', () => {
    const read = readReportFilters(
      { group: 'month', course: COURSE, 'from-day': '1', 'from-month': 'Apr', 'from-year': '2026', 'to-day': '31', 'to-month': '3', 'to-year': '2027' },
      manager,
    );
    expect(read.errors).toEqual([]);
    expect(read.filters).toEqual({ groupBy: 'month', organisationId: undefined, courseId: COURSE, from: '2026-04-01', to: '2027-03-31' });
  });

  it('lets only an admin choose an organisation or group by organisation', () => {
    expect(readReportFilters({ organisation: ORGANISATION, group: 'organisation' }, admin).filters).toMatchObject({ groupBy: 'organisation', organisationId: ORGANISATION });
    const asManager = readReportFilters({ organisation: ORGANISATION, group: 'organisation' }, manager);
    expect(asManager.filters).toMatchObject({ groupBy: 'team', organisationId: undefined });
    expect(asManager.form.organisation).toBe('');
  });

  it('takes an unknown grouping as the default one', () => {
    for (const group of ['week', '', ['team', 'month']]) expect(readReportFilters({ group }, manager).filters?.groupBy).toBe('team');
  });

  it('lists each wrong field, linked to its first wrong box, and reads no filters', () => {
    const read = readReportFilters({ organisation: 'x', course: 'nonsense', 'from-day': '31', 'from-month': '2', 'from-year': '2027', 'to-month': '3' }, admin);
    expect(read.filters).toBeUndefined();
    expect(read.errors).toEqual([
      { field: 'organisation', message: 'Select an organisation from the list' },
      { field: 'course', message: 'Select a course from the list' },
      { field: 'from-day', message: "The 'from' date must be a real date" },
      { field: 'to-day', message: "The 'to' date must include a day and year" },
    ]);
    expect(read.dateErrorParts).toEqual({ from: ['day', 'month', 'year'], to: ['day', 'year'] });
    expect(read.form.from).toEqual({ day: '31', month: '2', year: '2027' });
  });

  it("refuses a 'to' date before the 'from' date, and takes the same day", () => {
    const dates = (toDay: string) => ({ 'from-day': '2', 'from-month': '3', 'from-year': '2027', 'to-day': toDay, 'to-month': '3', 'to-year': '2027' });
    expect(readReportFilters(dates('1'), manager).errors).toEqual([{ field: 'to-day', message: "The 'to' date must be the same as or after the 'from' date" }]);
    expect(readReportFilters(dates('2'), manager).filters).toMatchObject({ from: '2027-03-02', to: '2027-03-02' });
  });
});

describe('reportFiltersQueryString', () => {
  it('keeps the filters in use and leaves out the default grouping', () => {
    const { form } = readReportFilters({ group: 'course', course: COURSE, 'from-day': '1', 'from-month': '4', 'from-year': '2026' }, manager);
    expect(reportFiltersQueryString(form, manager)).toBe(`?group=course&course=${COURSE}&from-day=1&from-month=4&from-year=2026`);
    expect(reportFiltersQueryString(readReportFilters({ group: 'team' }, manager).form, manager)).toBe('');
    expect(reportFiltersQueryString(readReportFilters({}, admin).form, admin, { page: '2' })).toBe('?page=2');
  });

  it('keeps what was typed, wrong or not, so a link back shows the same form', () => {
    const { form } = readReportFilters({ 'to-day': '31', 'to-month': '2', 'to-year': '2027' }, manager);
    expect(reportFiltersQueryString(form, manager)).toBe('?to-day=31&to-month=2&to-year=2027');
  });
});
