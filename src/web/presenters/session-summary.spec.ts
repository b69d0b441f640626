import { sessionAnswer } from '../../../test/factories/session-answer';
import { presentSession, sessionPlace } from './session-summary';

const NOW = new Date('2027-01-05T09:00:00Z');

describe('presentSession', () => {
  it('shows the course, the times in the session zone with its name, the place and the trainers', () => {
    expect(presentSession(sessionAnswer(), NOW)).toEqual({
      id: 'b3621f30-38e2-49f2-81f4-b3e8be801563',
      href: '/sessions/b3621f30-38e2-49f2-81f4-b3e8be801563',
      courseTitle: 'Literature searching for social work practice',
      date: 'Tuesday 12 January 2027',
      time: '10:00 to 12:00 GMT',
      startsAtIso: '2027-01-12T10:00:00.000Z',
      place: 'Ayr Hospital library',
      trainers: 'Fiona Dunlop and Rhona Kerr',
      availability: '3 places left',
    });
    expect(presentSession(sessionAnswer({ startsAt: '2027-06-15T09:00:00Z', endsAt: '2027-06-15T11:00:00Z' }), NOW).time).toBe('10:00 to 12:00 BST');
  });

  it('leaves out erased trainers', () => {
    expect(presentSession(sessionAnswer({ trainers: [{ id: 't1', name: null }, { id: 't2', name: 'Rhona Kerr' }] }), NOW).trainers).toBe('Rhona Kerr');
  });

  it.each([
    [{ seatsLeft: 1, confirmedCount: 9 }, '1 place left', undefined],
    [{ seatsLeft: 0, confirmedCount: 10 }, 'Full – you can join the waiting list', 'orange'],
    [{ seatsLeft: 0, confirmedCount: 10, waitlistEnabled: false }, 'Full', 'grey'],
    [{ status: 'cancelled' as const, seatsLeft: 0 }, 'Cancelled', 'red'],
    [{ bookingClosesAt: '2027-01-05T08:00:00.000Z' }, 'Booking closed', 'grey'],
    [{ bookingOpensAt: '2027-01-06T09:00:00.000Z' }, 'Booking opens 09:00 GMT on Wednesday 6 January 2027', undefined],
    [{ bookingOpensAt: '2027-01-05T09:00:00.000Z' }, '3 places left', undefined],
    [{ startsAt: '2027-01-05T08:30:00.000Z' }, 'Started', 'grey'],
  ])('says how many places are left: %j', (overrides, availability, tag) => {
    const summary = presentSession(sessionAnswer(overrides), NOW);
    expect(summary.availability).toBe(availability);
    expect(summary.availabilityTag).toBe(tag);
  });
});

describe('sessionPlace', () => {
  it('says "Online" for a session held only online, and both when there is a room too', () => {
    expect(sessionPlace({ location: null, onlineUrl: 'https://meet.example/x' })).toBe('Online');
    expect(sessionPlace({ location: 'Ayr Hospital library', onlineUrl: 'https://meet.example/x' })).toBe('Ayr Hospital library, or online');
    expect(sessionPlace({ location: 'Online (Microsoft Teams)', onlineUrl: 'https://meet.example/x' })).toBe('Online (Microsoft Teams)');
    expect(sessionPlace({ location: null, onlineUrl: null })).toBe('Place to be confirmed');
  });
});
