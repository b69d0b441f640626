import type { SessionDto } from '../../src/sessions/dto/session.dto';

/** A session as the sessions service answers it: for unit specs of what pages make of it. */
export function sessionAnswer(overrides: Partial<SessionDto> = {}): SessionDto {
  return {
    id: 'b3621f30-38e2-49f2-81f4-b3e8be801563',
    courseId: 'c1',
    course: { id: 'c1', title: 'Literature searching for social work practice' },
    startsAt: '2027-01-12T10:00:00.000Z',
    endsAt: '2027-01-12T12:00:00.000Z',
    timezone: 'Europe/London',
    location: 'Ayr Hospital library',
    onlineUrl: null,
    capacity: 10,
    trainerIds: ['t1', 't2'],
    trainers: [
      { id: 't1', name: 'Fiona Dunlop' },
      { id: 't2', name: 'Rhona Kerr' },
    ],
    status: 'scheduled',
    bookingOpensAt: null,
    bookingClosesAt: null,
    waitlistEnabled: true,
    confirmedCount: 7,
    waitlistCount: 0,
    seatsLeft: 3,
    ...overrides,
  };
}
