import { courseFormValues, readCourseForm } from './courses-form';

describe('readCourseForm', () => {
  it('reads a full form, an empty optional field as "clear it"', () => {
    expect(readCourseForm({ title: '  Searching CINAHL ', description: 'One.\r\n\r\nTwo.', durationMinutes: '90', cpdHours: '.5' })).toEqual({
      values: { title: 'Searching CINAHL', description: 'One.\n\nTwo.', durationMinutes: '90', cpdHours: '0.5' },
      errors: [],
      input: { title: 'Searching CINAHL', description: 'One.\n\nTwo.', durationMinutes: 90, cpdHours: 0.5 },
    });
    expect(readCourseForm({ title: 'T', description: '', durationMinutes: '', cpdHours: '' }).input).toEqual({
      title: 'T',
      description: null,
      durationMinutes: null,
      cpdHours: null,
    });
  });

  it.each([
    [{ title: '' }, 'title', 'Enter the course title'],
    [{ title: 'x'.repeat(201) }, 'title', 'Course title must be 200 characters or fewer'],
    [{ description: 'x'.repeat(5001) }, 'description', 'Description must be 5,000 characters or fewer'],
    [{ durationMinutes: '1.5' }, 'durationMinutes', 'Length must be a whole number of minutes, like 120'],
    [{ durationMinutes: '-5' }, 'durationMinutes', 'Length must be a whole number of minutes, like 120'],
    [{ durationMinutes: '0' }, 'durationMinutes', 'Length must be between 1 and 1,440 minutes (24 hours)'],
    [{ durationMinutes: '1441' }, 'durationMinutes', 'Length must be between 1 and 1,440 minutes (24 hours)'],
    [{ cpdHours: 'two' }, 'cpdHours', 'CPD hours must be a number, like 2 or 1.5'],
    [{ cpdHours: '1e2' }, 'cpdHours', 'CPD hours must be a number, like 2 or 1.5'],
    [{ cpdHours: '100.5' }, 'cpdHours', 'CPD hours must be 100 or fewer'],
    [{ cpdHours: '1.255' }, 'cpdHours', 'CPD hours can have up to 2 decimal places, like 1.25'],
  ])('refuses %j with a message beside %s', (fields, field, message) => {
    const read = readCourseForm({ title: 'Course', ...fields });
    expect(read.input).toBeUndefined();
    expect(read.errors).toEqual([{ field, message }]);
  });

  it('fills the form from a course', () => {
    const course = { id: 'c', title: 'T', description: null, durationMinutes: 120, cpdHours: 2.5, archivedAt: null, createdAt: new Date(), updatedAt: new Date() };
    expect(courseFormValues(course)).toEqual({ title: 'T', description: '', durationMinutes: '120', cpdHours: '2.5' });
  });
});
