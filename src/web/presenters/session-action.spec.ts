import { sessionAnswer } from '../../../test/factories/session-answer';
import { bookingRefusalMessage, sessionAction } from './session-action';

const NOW = new Date('2027-01-05T09:00:00Z');
const full = { seatsLeft: 0, confirmedCount: 10 };

describe('sessionAction', () => {
  it('offers a place while seats are left, and the waiting list when full', () => {
    expect(sessionAction(sessionAnswer(), null, NOW)).toEqual({ kind: 'book' });
    expect(sessionAction(sessionAnswer(full), null, NOW)).toEqual({ kind: 'join-waitlist' });
  });

  it('shows the person their place or their waiting-list number, with a way out until the start', () => {
    expect(sessionAction(sessionAnswer(), { id: 'b1', status: 'confirmed', waitlistPosition: null }, NOW)).toEqual({
      kind: 'booked',
      bookingId: 'b1',
      mayCancel: true,
    });
    expect(sessionAction(sessionAnswer(full), { id: 'b2', status: 'waitlisted', waitlistPosition: 2 }, NOW)).toEqual({
      kind: 'waitlisted',
      bookingId: 'b2',
      position: 2,
      mayLeave: true,
    });
    const started = sessionAnswer({ startsAt: '2027-01-05T08:30:00.000Z' });
    expect(sessionAction(started, { id: 'b1', status: 'confirmed', waitlistPosition: null }, NOW)).toMatchObject({ kind: 'booked', mayCancel: false });
  });

  it('treats a cancelled booking as none: the person may book again', () => {
    expect(sessionAction(sessionAnswer(), { id: 'b1', status: 'cancelled', waitlistPosition: null }, NOW)).toEqual({ kind: 'book' });
  });

  it('says why nobody can book: cancelled, started, closed, or full without a waiting list', () => {
    expect(sessionAction(sessionAnswer({ status: 'cancelled' }), null, NOW)).toMatchObject({ kind: 'not-bookable', reason: 'session-cancelled' });
    expect(sessionAction(sessionAnswer({ startsAt: '2027-01-05T09:00:00.000Z' }), null, NOW)).toMatchObject({
      kind: 'not-bookable',
      reason: 'session-started',
    });
    expect(sessionAction(sessionAnswer({ bookingClosesAt: '2027-01-04T17:00:00.000Z' }), null, NOW)).toEqual({
      kind: 'not-bookable',
      reason: 'booking-closed',
      message: 'Booking for this session closed at 17:00 GMT on Monday 4 January 2027.',
    });
    expect(sessionAction(sessionAnswer({ ...full, waitlistEnabled: false }), null, NOW)).toEqual({
      kind: 'not-bookable',
      reason: 'full',
      message: 'This session is full and has no waiting list.',
    });
  });
});

describe('bookingRefusalMessage', () => {
  it('puts each refusal of the bookings service in plain words, and knows no others', () => {
    const session = sessionAnswer();
    for (const code of ['session-full', 'session-cancelled', 'session-started', 'booking-closed', 'duplicate-booking']) {
      expect(bookingRefusalMessage(code, session)).toEqual(expect.any(String));
    }
    expect(bookingRefusalMessage('something-else', session)).toBeUndefined();
  });
});
