import { sessionTimes, zonedMoment } from './session-times';

describe('sessionTimes', () => {
  it('names the zone of the session, in winter and in summer', () => {
    expect(sessionTimes('2027-01-12T10:00:00Z', '2027-01-12T12:00:00Z', 'Europe/London')).toEqual({
      date: 'Tuesday 12 January 2027',
      time: '10:00 to 12:00 GMT',
      startsAtIso: '2027-01-12T10:00:00.000Z',
    });
    expect(sessionTimes('2027-06-15T09:00:00Z', '2027-06-15T11:30:00Z', 'Europe/London').time).toBe('10:00 to 12:30 BST');
  });

  it('names both ends across a clock change or midnight', () => {
    expect(sessionTimes('2027-03-28T00:30:00Z', '2027-03-28T02:00:00Z', 'Europe/London').time).toBe('00:30 GMT to 03:00 BST');
    expect(sessionTimes('2027-01-12T23:00:00Z', '2027-01-13T01:00:00Z', 'Europe/London').time).toBe(
      '23:00 GMT to 01:00 GMT on Wednesday 13 January 2027',
    );
  });

  it('uses the session zone, not the server one', () => {
    expect(sessionTimes('2027-01-12T15:00:00Z', '2027-01-12T16:00:00Z', 'America/New_York').time).toBe('10:00 to 11:00 GMT-5');
    expect(zonedMoment('2027-06-15T09:00:00Z', 'Europe/London')).toBe('10:00 BST on Tuesday 15 June 2027');
  });

  it('reads a zone it does not know as UTC, naming it', () => {
    expect(sessionTimes('2027-06-15T09:00:00Z', '2027-06-15T11:00:00Z', 'Mars/Olympus').time).toBe('09:00 to 11:00 UTC');
  });
});
