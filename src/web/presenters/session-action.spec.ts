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
      checkInOpen: false,
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

  it('sends a booked person to check in from 15 minutes before the start until the end', () => {
    const booked = { id: 'b1', status: 'confirmed' as const, waitlistPosition: null };
    const at = (startsAt: string, endsAt: string, status: 'scheduled' | 'cancelled' = 'scheduled') =>
      sessionAction(sessionAnswer({ startsAt, endsAt, status }), booked, NOW);
    expect(at('2027-01-05T09:15:00.000Z', '2027-01-05T11:00:00.000Z')).toMatchObject({ kind: 'booked', checkInOpen: true });
    expect(at('2027-01-05T09:15:00.001Z', '2027-01-05T11:00:00.000Z')).toMatchObject({ kind: 'booked', checkInOpen: false });
    expect(at('2027-01-05T07:00:00.000Z', '2027-01-05T09:00:00.000Z')).toMatchObject({ kind: 'booked', checkInOpen: true });
    expect(at('2027-01-05T07:00:00.000Z', '2027-01-05T08:59:59.999Z')).toMatchObject({ checkInOpen: false });
    expect(at('2027-01-05T09:00:00.000Z', '2027-01-05T11:00:00.000Z', 'cancelled')).toMatchObject({ checkInOpen: false });
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
    expect(sessionAction(sessionAnswer({ bookingOpensAt: '2027-01-06T09:00:00.000Z', timezone: 'Europe/Paris' }), null, NOW)).toEqual({
      kind: 'not-bookable',
      reason: 'booking-not-open',
      message: 'Booking opens at 10:00 CET on Wednesday 6 January 2027. You can book a place from then.',
    });
    expect(sessionAction(sessionAnswer({ bookingOpensAt: '2027-01-05T09:00:00.000Z' }), null, NOW)).toEqual({ kind: 'book' });
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
