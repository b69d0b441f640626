import { endOfDay, readDateInput, startOfDay } from './date-input';

const label = "The 'from' date";

describe('readDateInput', () => {
  it('reads a real date, with the month as a number or a name', () => {
    expect(readDateInput({ day: '5', month: '3', year: '2027' }, label)).toEqual({ day: { year: 2027, month: 3, day: 5 } });
    expect(readDateInput({ day: ' 05 ', month: 'March', year: '2027' }, label)).toEqual({ day: { year: 2027, month: 3, day: 5 } });
    expect(readDateInput({ day: '29', month: 'feb', year: '2028' }, label)).toEqual({ day: { year: 2028, month: 2, day: 29 } });
  });

  it('takes three empty boxes as no date', () => {
    expect(readDateInput({ day: '', month: ' ', year: '' }, label)).toEqual({});
  });

  it('names the missing boxes and marks only them', () => {
    expect(readDateInput({ day: '5', month: '', year: '2027' }, label)).toEqual({
      error: { message: "The 'from' date must include a month", parts: ['month'] },
    });
    expect(readDateInput({ day: '', month: '', year: '2027' }, label)).toEqual({
      error: { message: "The 'from' date must include a day and month", parts: ['day', 'month'] },
    });
  });

  it('refuses dates that do not exist, marking the wrong box when it can tell which', () => {
    expect(readDateInput({ day: '29', month: '2', year: '2027' }, label)).toEqual({
      error: { message: "The 'from' date must be a real date", parts: ['day', 'month', 'year'] },
    });
    expect(readDateInput({ day: '5', month: '13', year: '2027' }, label).error?.parts).toEqual(['month']);
    expect(readDateInput({ day: 'x', month: '3', year: '2027' }, label).error?.parts).toEqual(['day']);
    expect(readDateInput({ day: '5', month: '3', year: '27' }, label)).toEqual({ error: { message: 'Year must include 4 numbers', parts: ['year'] } });
  });
});

describe('days in a zone', () => {
  it('spans the whole day in London time, in winter and in summer', () => {
    expect(startOfDay({ year: 2027, month: 1, day: 12 }, 'Europe/London').toISOString()).toBe('2027-01-12T00:00:00.000Z');
    expect(startOfDay({ year: 2027, month: 6, day: 15 }, 'Europe/London').toISOString()).toBe('2027-06-14T23:00:00.000Z');
    expect(endOfDay({ year: 2027, month: 6, day: 15 }, 'Europe/London').toISOString()).toBe('2027-06-15T22:59:59.999Z');
  });
});
