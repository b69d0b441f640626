import type { MyBookingDto } from '../../bookings/dto/my-bookings.dto';
import { checkInRefusalMessage, ownBookingOf, presentCheckIn } from './check-in-view';

function booking(id: string, overrides: Partial<MyBookingDto> = {}, startsAt = '2027-01-12T10:00:00.000Z'): MyBookingDto {
  return {
    id,
    sessionId: `s-${id}`,
    personId: 'p1',
    status: 'confirmed',
    waitlistPosition: null,
    createdAt: '2027-01-01T10:00:00.000Z',
    cancelledAt: null,
    attendance: null,
    checkInOpen: false,
    ...overrides,
    session: {
      courseTitle: `Course ${id}`,
      startsAt,
      endsAt: new Date(new Date(startsAt).getTime() + 2 * 3600_000).toISOString(),
      timezone: 'Europe/London',
      location: 'Library',
      onlineUrl: null,
      status: 'scheduled',
    },
  };
}

describe('presentCheckIn', () => {
  it('offers the sessions open now, and shows those already checked in apart', () => {
    const view = presentCheckIn({ upcoming: [booking('a', { checkInOpen: true }), booking('b', { checkInOpen: true, attendance: 'attended' }), booking('c')], past: [] });
    expect(view.choices.map((choice) => choice.sessionId)).toEqual(['s-a']);
    expect(view.checkedIn.map((choice) => choice.sessionId)).toEqual(['s-b']);
    expect(view.nextOpening).toBeUndefined();
  });

  it('says when the next confirmed place opens for check-in when none is open', () => {
    const view = presentCheckIn({ upcoming: [booking('w', { status: 'waitlisted' }), booking('c')], past: [] });
    expect(view.choices).toEqual([]);
    expect(view.nextOpening).toBe('Check-in for Course c opens at 09:45 GMT on Tuesday 12 January 2027.');
  });
});

describe('checkInRefusalMessage', () => {
  const mine = booking('a');
  it('tells early from late with the times in the session zone', () => {
    expect(checkInRefusalMessage('check-in-closed', mine, new Date('2027-01-12T09:00:00Z'))).toBe(
      'Check-in for Course a is not open yet. It opens at 09:45 GMT on Tuesday 12 January 2027, 15 minutes before the session starts.',
    );
    expect(checkInRefusalMessage('check-in-closed', mine, new Date('2027-01-12T12:00:01Z'))).toBe(
      'Check-in for Course a closed at 12:00 GMT on Tuesday 12 January 2027, when the session ended. Ask your trainer to mark you as attended.',
    );
  });

  it('explains a cancelled session and a missing place, and leaves other codes to the error pages', () => {
    expect(checkInRefusalMessage('session-cancelled', mine, new Date())).toBe('Course a on Tuesday 12 January 2027 has been cancelled, so there is nothing to check in to.');
    expect(checkInRefusalMessage('no-confirmed-booking', undefined, new Date())).toBe(
      'You do not have a place on this session, so you cannot check in. Ask your trainer to add you to the register.',
    );
    expect(checkInRefusalMessage('something-else', mine, new Date())).toBeUndefined();
  });

  it('finds the person’s active booking of a session before a cancelled one', () => {
    const cancelled = booking('x', { status: 'cancelled' });
    const active = { ...booking('y'), sessionId: cancelled.sessionId };
    expect(ownBookingOf({ upcoming: [], past: [cancelled, active] }, cancelled.sessionId)?.id).toBe('y');
    expect(ownBookingOf({ upcoming: [], past: [cancelled] }, cancelled.sessionId)?.id).toBe('x');
  });
});
