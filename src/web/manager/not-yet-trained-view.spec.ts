import type { PersonTrainingDto } from '../../reports/dto/people-report.dto';
import { groupByTeam } from './not-yet-trained-view';

function person(name: string | null, team: string | null, organisation = 'North', nextBooking: PersonTrainingDto['nextBooking'] = null): PersonTrainingDto {
  return {
    personId: `id-${name ?? 'erased'}`,
    name,
    email: name && `${name.toLowerCase()}@example.test`,
    organisationId: `org-${organisation}`,
    organisation,
    team,
    trained: false,
    sessionsAttended: 0,
    walkIns: 0,
    lastAttendedAt: null,
    nextBooking,
  };
}

describe('groupByTeam', () => {
  it('puts people under a heading per team in the order read, with their next booking and where to book them', () => {
    const booking = { sessionId: 's1', courseTitle: 'Literature searching', startsAt: new Date('2027-01-20T10:00:00Z'), status: 'waitlisted' as const };
    const groups = groupByTeam([person('Ailsa', 'Adults', 'North', booking), person('Brian', 'Adults'), person('Hamish', null), person(null, null)], false, 'c1');
    expect(groups.map((group) => group.heading)).toEqual(['Adults', 'No team']);
    expect(groups[0].people[0]).toEqual({
      name: 'Ailsa',
      href: '/people/id-Ailsa/record',
      email: 'ailsa@example.test',
      booked: { status: 'On the waiting list', courseTitle: 'Literature searching', date: 'Wednesday 20 January 2027', href: '/sessions/s1' },
      bookHref: '/people/id-Ailsa/book?course=c1',
    });
    // An erased person still counts, without a name, a record to open or a booking to make.
    expect(groups[1].people[1]).toEqual({ name: 'Name removed', booked: undefined });
  });

  it('names the organisation with the team when several organisations are listed', () => {
    const groups = groupByTeam([person('Ailsa', 'Adults', 'East'), person('Isla', 'Adults', 'South')], true);
    expect(groups.map((group) => group.heading)).toEqual(['East – Adults', 'South – Adults']);
  });
});
