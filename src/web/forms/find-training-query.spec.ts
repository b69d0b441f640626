import { findTrainingHref, readFindTrainingQuery } from './find-training-query';

const COURSE = '3f1c2a4e-8b7d-4c6a-9e5f-1a2b3c4d5e6f';

describe('readFindTrainingQuery', () => {
  it('reads no filters as every upcoming session, first page', () => {
    expect(readFindTrainingQuery({})).toEqual({
      form: { course: '', from: { day: '', month: '', year: '' }, to: { day: '', month: '', year: '' }, placesLeft: false },
      errors: [],
      dateErrorParts: {},
      filters: { courseId: undefined, from: undefined, to: undefined, placesLeft: false, page: 1 },
    });
  });

  it('reads the course, whole London days for the dates, the checkbox and the page', () => {
    const read = readFindTrainingQuery({
      course: COURSE,
      'from-day': '1',
      'from-month': '6',
      'from-year': '2027',
      'to-day': '30',
      'to-month': '6',
      'to-year': '2027',
      places: 'left',
      page: '3',
    });
    expect(read.errors).toEqual([]);
    expect(read.filters).toEqual({
      courseId: COURSE,
      from: new Date('2027-05-31T23:00:00.000Z'),
      to: new Date('2027-06-30T22:59:59.999Z'),
      placesLeft: true,
      page: 3,
    });
  });

  it('lists each wrong field, linked to its first wrong box, and reads no filters', () => {
    const read = readFindTrainingQuery({ course: 'nonsense', 'from-day': '31', 'from-month': '2', 'from-year': '2027', 'to-month': '3' });
    expect(read.filters).toBeUndefined();
    expect(read.errors).toEqual([
      { field: 'course', message: 'Select a course from the list' },
      { field: 'from-day', message: "The 'from' date must be a real date" },
      { field: 'to-day', message: "The 'to' date must include a day and year" },
    ]);
    expect(read.dateErrorParts).toEqual({ from: ['day', 'month', 'year'], to: ['day', 'year'] });
  });

  it("refuses a 'to' date before the 'from' date", () => {
    const read = readFindTrainingQuery({ 'from-day': '2', 'from-month': '3', 'from-year': '2027', 'to-day': '1', 'to-month': '3', 'to-year': '2027' });
    expect(read.errors).toEqual([{ field: 'to-day', message: "The 'to' date must be the same as or after the 'from' date" }]);
  });

  it('takes a page number that is not one as the first page', () => {
    for (const page of ['0', '-2', 'two', '1e3', ['2', '3']]) expect(readFindTrainingQuery({ page }).filters?.page).toBe(1);
  });
});

describe('findTrainingHref', () => {
  it('keeps the filters in use, and the page after the first', () => {
    const { form } = readFindTrainingQuery({ course: COURSE, 'from-day': '1', 'from-month': '6', 'from-year': '2027', places: 'left' });
    expect(findTrainingHref(form, 2)).toBe(`/sessions?course=${COURSE}&from-day=1&from-month=6&from-year=2027&places=left&page=2`);
    expect(findTrainingHref(readFindTrainingQuery({}).form, 1)).toBe('/sessions');
  });
});
