import { londonDateTime } from './london-time';

describe('londonDateTime', () => {
  it('reads the instant on a London clock, GMT in winter and BST in summer', () => {
    expect(londonDateTime('2027-03-03T10:05:00Z')).toBe('3 March 2027 at 10:05');
    expect(londonDateTime(new Date('2027-07-01T23:30:00Z'))).toBe('2 July 2027 at 00:30');
  });
});
