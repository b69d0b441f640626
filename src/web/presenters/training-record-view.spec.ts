import { presentTrainingRecord } from './training-record-view';

describe('presentTrainingRecord', () => {
  const item = (date: string, cpdHours: number | null) => ({
    sessionId: `s-${date}`,
    courseId: 'c',
    courseTitle: 'Literature searching',
    startsAt: new Date(`${date}T09:00:00Z`),
    endsAt: new Date(`${date}T11:00:00Z`),
    date,
    cpdHours,
  });

  it('shows each session with its own date and hours, and the totals in words', () => {
    const view = presentTrainingRecord({
      items: [item('2027-01-12', 1.5), item('2027-02-03', null), item('2027-03-04', 2)],
      total: 3,
      totals: { sessionsAttended: 3, cpdHours: 3.5 },
    });
    expect(view.rows).toEqual([
      { date: '12 January 2027', courseTitle: 'Literature searching', sessionHref: '/sessions/s-2027-01-12', cpdHours: '1.5' },
      { date: '3 February 2027', courseTitle: 'Literature searching', sessionHref: '/sessions/s-2027-02-03', cpdHours: 'Not stated' },
      { date: '4 March 2027', courseTitle: 'Literature searching', sessionHref: '/sessions/s-2027-03-04', cpdHours: '2' },
    ]);
    expect(view.sessions).toBe('3 sessions');
    expect(view.totalHours).toBe('3.5 hours');
  });

  it('uses the singular for one', () => {
    const view = presentTrainingRecord({ items: [item('2027-01-12', 1)], total: 1, totals: { sessionsAttended: 1, cpdHours: 1 } });
    expect([view.sessions, view.totalHours]).toEqual(['1 session', '1 hour']);
  });
});
