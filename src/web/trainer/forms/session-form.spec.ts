import { readClockTime, zonedInstant } from './local-time';
import { readSessionForm, sessionValues } from './session-form';

const COURSE = '6f1c1d1e-1111-4a4a-8b8b-000000000001';
const LONDON = { timezone: 'Europe/London', courseIds: [COURSE] };

function form(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    course: COURSE,
    'date-day': '12',
    'date-month': '1',
    'date-year': '2027',
    start: '10:00',
    end: '12:30',
    location: 'Crosshouse Hospital library',
    'online-url': '',
    capacity: '12',
    'opens-day': '',
    'opens-month': '',
    'opens-year': '',
    'opens-time': '',
    'closes-day': '',
    'closes-month': '',
    'closes-year': '',
    'closes-time': '',
    waitlist: 'yes',
    ...overrides,
  };
}

describe('readSessionForm', () => {
  it('turns a winter date and times on a UK clock into GMT instants', () => {
    const read = readSessionForm(form(), LONDON);
    expect(read.errors).toEqual([]);
    expect(read.input).toEqual({
      courseId: COURSE,
      startsAt: new Date('2027-01-12T10:00:00Z'),
      endsAt: new Date('2027-01-12T12:30:00Z'),
      timezone: 'Europe/London',
      location: 'Crosshouse Hospital library',
      onlineUrl: null,
      capacity: 12,
      bookingOpensAt: null,
      bookingClosesAt: null,
      waitlistEnabled: true,
    });
  });

  it('turns a summer date into BST instants, an hour before UTC', () => {
    const read = readSessionForm(form({ 'date-day': '13', 'date-month': 'July', start: '9:30', end: '2pm' }), LONDON);
    expect(read.input?.startsAt.toISOString()).toBe('2027-07-13T08:30:00.000Z');
    expect(read.input?.endsAt.toISOString()).toBe('2027-07-13T13:00:00.000Z');
  });

  it('uses the session’s own zone', () => {
    const read = readSessionForm(form(), { timezone: 'America/New_York', courseIds: [COURSE] });
    expect(read.input?.startsAt.toISOString()).toBe('2027-01-12T15:00:00.000Z');
  });

  it('refuses a time the clocks skip, saying when they go forward', () => {
    const read = readSessionForm(form({ 'date-day': '28', 'date-month': '3', start: '01:30', end: '03:00' }), LONDON);
    expect(read.input).toBeUndefined();
    expect(read.errors).toEqual([
      {
        field: 'start',
        message:
          'Start time 01:30 does not exist on Sunday 28 March 2027: the clocks go forward from 01:00 to 02:00 (UK time). Enter a time before 01:00 or from 02:00',
      },
    ]);
  });

  it('refuses a date that does not exist, marking the whole date', () => {
    const read = readSessionForm(form({ 'date-day': '31', 'date-month': '2', 'date-year': '2027' }), LONDON);
    expect(read.errors).toEqual([{ field: 'date-day', message: 'The date of the session must be a real date' }]);
    expect(read.dateErrorParts.date).toEqual(['day', 'month', 'year']);
    expect(read.input).toBeUndefined();
  });

  it('asks for what is missing, in the order of the form, and keeps what was typed', () => {
    const read = readSessionForm(
      form({ course: '', 'date-day': '', 'date-month': '', 'date-year': '', start: '', end: '25:00', capacity: '', 'online-url': 'not a link' }),
      LONDON,
    );
    expect(read.errors.map((error) => error.field)).toEqual(['course', 'date-day', 'start', 'end', 'online-url', 'capacity']);
    expect(read.errors.map((error) => error.message)).toEqual([
      'Select a course',
      'Enter the date of the session',
      'Enter the start time',
      'End time must be a real time on the 24-hour clock, like 12:00',
      'Enter the online link as a web address, like https://teams.microsoft.com/l/meetup-join/…',
      'Enter the number of places',
    ]);
    expect(read.values.end).toBe('25:00');
  });

  it('refuses an end at or before the start', () => {
    expect(readSessionForm(form({ start: '14:00', end: '13:00' }), LONDON).errors).toEqual([
      { field: 'end', message: 'The end time must be after the start time' },
    ]);
    expect(readSessionForm(form({ start: '14:00', end: '14:00' }), LONDON).errors).toHaveLength(1);
  });

  it('refuses a course not on the list and places outside 1 to 1000', () => {
    const read = readSessionForm(form({ course: 'x', capacity: '0' }), LONDON);
    expect(read.errors).toEqual([
      { field: 'course', message: 'Select a course from the list' },
      { field: 'capacity', message: 'The number of places must be between 1 and 1000' },
    ]);
    expect(readSessionForm(form({ capacity: '12.5' }), LONDON).errors[0].message).toBe('The number of places must be a whole number, like 12');
  });

  it('reads when booking closes, which must be before the start', () => {
    const closes = { 'closes-day': '11', 'closes-month': '1', 'closes-year': '2027', 'closes-time': '17:00' };
    expect(readSessionForm(form(closes), LONDON).input?.bookingClosesAt?.toISOString()).toBe('2027-01-11T17:00:00.000Z');
    expect(readSessionForm(form({ ...closes, 'closes-day': '13' }), LONDON).errors).toEqual([
      { field: 'closes-day', message: 'Booking must close before the session starts' },
    ]);
    expect(readSessionForm(form({ ...closes, 'closes-time': '' }), LONDON).errors).toEqual([{ field: 'closes-time', message: 'Enter the time booking closes' }]);
    expect(readSessionForm(form({ 'closes-time': '17:00' }), LONDON).errors).toEqual([{ field: 'closes-day', message: 'Enter the date booking closes' }]);
  });

  it('reads when booking opens, on a clock in the session’s zone, which must be before the start and before booking closes', () => {
    const opens = { 'opens-day': '4', 'opens-month': '1', 'opens-year': '2027', 'opens-time': '09:00' };
    expect(readSessionForm(form(opens), LONDON).input?.bookingOpensAt?.toISOString()).toBe('2027-01-04T09:00:00.000Z');
    expect(readSessionForm(form(opens), { timezone: 'America/New_York', courseIds: [COURSE] }).input?.bookingOpensAt?.toISOString()).toBe(
      '2027-01-04T14:00:00.000Z',
    );
    const startsThen = readSessionForm(form({ ...opens, 'opens-day': '12', 'opens-time': '10:00' }), LONDON);
    expect(startsThen.input).toBeUndefined();
    expect(startsThen.errors).toEqual([{ field: 'opens-day', message: 'Booking must open before the session starts' }]);
    expect(startsThen.dateErrorParts.opensDate).toEqual(['day', 'month', 'year']);
    const closes = { 'closes-day': '4', 'closes-month': '1', 'closes-year': '2027', 'closes-time': '09:00' };
    expect(readSessionForm(form({ ...opens, ...closes }), LONDON).errors).toEqual([{ field: 'opens-day', message: 'Booking must open before it closes' }]);
    expect(readSessionForm(form({ ...opens, ...closes, 'closes-time': '17:00' }), LONDON).input).toMatchObject({
      bookingOpensAt: new Date('2027-01-04T09:00:00Z'),
      bookingClosesAt: new Date('2027-01-04T17:00:00Z'),
    });
    expect(readSessionForm(form({ ...opens, 'opens-time': '' }), LONDON).errors).toEqual([{ field: 'opens-time', message: 'Enter the time booking opens' }]);
    expect(readSessionForm(form({ 'opens-time': '09:00' }), LONDON).errors).toEqual([{ field: 'opens-day', message: 'Enter the date booking opens' }]);
    expect(readSessionForm(form({ ...opens, 'opens-time': '9.75' }), LONDON).errors).toEqual([
      { field: 'opens-time', message: 'Time booking opens must be a real time on the 24-hour clock, like 09:00' },
    ]);
  });

  it('adds https:// to a link typed without it, and reads the waiting list choice', () => {
    const read = readSessionForm(form({ 'online-url': 'teams.microsoft.com/l/abc', waitlist: 'no' }), LONDON);
    expect(read.input).toMatchObject({ onlineUrl: 'https://teams.microsoft.com/l/abc', waitlistEnabled: false });
  });

  it('keeps a stored instant with seconds when the edit form shows the same minute, and has no course to choose', () => {
    const current = {
      courseId: COURSE,
      startsAt: '2027-01-12T10:00:30.000Z',
      endsAt: '2027-01-12T12:30:00.000Z',
      bookingOpensAt: null,
      bookingClosesAt: null,
    };
    const read = readSessionForm(form({ course: '' }), { timezone: 'Europe/London', current });
    expect(read.errors).toEqual([]);
    expect(read.input?.startsAt.toISOString()).toBe('2027-01-12T10:00:30.000Z');
    expect(readSessionForm(form({ course: '', start: '10:01' }), { timezone: 'Europe/London', current }).input?.startsAt.toISOString()).toBe(
      '2027-01-12T10:01:00.000Z',
    );
  });
});

describe('sessionValues', () => {
  it('fills the edit form with the times on a clock in the session’s zone', () => {
    const values = sessionValues({
      id: 'x',
      courseId: COURSE,
      course: { id: COURSE, title: 'Course' },
      startsAt: '2027-07-13T08:30:00.000Z',
      endsAt: '2027-07-13T11:00:00.000Z',
      timezone: 'Europe/London',
      location: null,
      onlineUrl: 'https://meet.example.test/a',
      capacity: 20,
      trainerIds: [],
      trainers: [],
      status: 'scheduled',
      bookingOpensAt: '2027-07-01T07:00:00.000Z',
      bookingClosesAt: '2027-07-12T16:00:00.000Z',
      waitlistEnabled: false,
      confirmedCount: 0,
      waitlistCount: 0,
      seatsLeft: 20,
    });
    expect(values).toMatchObject({
      date: { day: '13', month: '7', year: '2027' },
      start: '09:30',
      end: '12:00',
      location: '',
      onlineUrl: 'https://meet.example.test/a',
      capacity: '20',
      opensDate: { day: '1', month: '7', year: '2027' },
      opensTime: '08:00',
      closesDate: { day: '12', month: '7', year: '2027' },
      closesTime: '17:00',
      waitlist: 'no',
    });
  });
});

describe('local time', () => {
  it('reads the ways people write a time of day', () => {
    expect(['14:30', '0930', '9.30', '2pm', '2:30 pm', '12am', '12pm'].map((typed) => readClockTime(typed).time)).toEqual([
      { hour: 14, minute: 30 },
      { hour: 9, minute: 30 },
      { hour: 9, minute: 30 },
      { hour: 14, minute: 0 },
      { hour: 14, minute: 30 },
      { hour: 0, minute: 0 },
      { hour: 12, minute: 0 },
    ]);
    expect(['24:00', '10:60', '13pm', 'noon', '1:2'].map((typed) => readClockTime(typed).error)).toEqual(Array(5).fill('not-a-time'));
  });

  it('finds the skipped hour in another zone too', () => {
    expect(zonedInstant({ year: 2027, month: 3, day: 14 }, { hour: 2, minute: 30 }, 'America/New_York')).toEqual({
      skipped: { from: '02:00', to: '03:00' },
    });
    expect(zonedInstant({ year: 2027, month: 3, day: 28 }, { hour: 2, minute: 0 }, 'Europe/London')).toEqual({ instant: new Date('2027-03-28T01:00:00Z') });
  });
});
