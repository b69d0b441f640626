import { sessionAnswer } from '../../../test/factories/session-answer';
import type { Actor } from '../../auth/actor';
import type { BookingDto } from '../../bookings/dto/booking.dto';
import { bookingOutcome, bookingPageView, cancelBookingView } from './booking-page-view';

const NOW = new Date('2027-01-05T09:00:00Z');
const learner: Actor = { personId: 'p1', organisationId: 'o1', roles: ['learner'], tokenId: 'x' };
const manager: Actor = { personId: 'm1', organisationId: 'o1', roles: ['manager'], tokenId: 'y' };

function booking(overrides: Partial<BookingDto> = {}): BookingDto {
  return {
    id: 'b1',
    sessionId: 's1',
    personId: 'p1',
    status: 'confirmed',
    waitlistPosition: null,
    createdAt: '2027-01-01T10:00:00.000Z',
    cancelledAt: null,
    ...overrides,
  } as BookingDto;
}

describe('bookingPageView', () => {
  it('tells the person they are booked, with a calendar link, a way to cancel and the banner after booking', () => {
    const view = bookingPageView(learner, { now: NOW, booking: booking(), session: sessionAnswer() }, bookingOutcome('yes', undefined));
    expect(view).toMatchObject({
      heading: 'You are booked',
      status: { text: 'Booked' },
      calendarHref: '/bookings/b1/calendar.ics',
      cancel: { href: '/bookings/b1/cancel', text: 'Cancel your place' },
      banner: { title: 'You are booked on Literature searching for social work practice on Tuesday 12 January 2027' },
    });
  });

  it('gives the waiting-list number, and no calendar link until the place is confirmed', () => {
    const view = bookingPageView(learner, { now: NOW, booking: booking({ status: 'waitlisted', waitlistPosition: 4 }), session: sessionAnswer() }, 'booked');
    expect(view).toMatchObject({
      heading: 'You are number 4 on the waiting list',
      banner: { title: 'You are on the waiting list, number 4' },
      cancel: { text: 'Leave the waiting list' },
    });
    expect(view.calendarHref).toBeUndefined();
  });

  it('offers no cancelling once the session has started, and says why', () => {
    const view = bookingPageView(learner, { now: NOW, booking: booking(), session: sessionAnswer({ startsAt: '2027-01-05T08:00:00.000Z' }) });
    expect(view.cancel).toBeUndefined();
    expect(view.cannotCancel).toMatch(/already started/);
  });

  it('sends the person to check in while the check-in window is open, and nobody else', () => {
    const open = sessionAnswer({ startsAt: '2027-01-05T09:10:00.000Z', endsAt: '2027-01-05T11:00:00.000Z' });
    expect(bookingPageView(learner, { now: NOW, booking: booking(), session: open }).checkInHref).toBe('/check-in');
    expect(bookingPageView(learner, { now: NOW, booking: booking(), session: sessionAnswer() }).checkInHref).toBeUndefined();
    expect(bookingPageView(learner, { now: NOW, booking: booking({ status: 'waitlisted', waitlistPosition: 1 }), session: open }).checkInHref).toBeUndefined();
    expect(bookingPageView(manager, { now: NOW, booking: booking(), session: open }).checkInHref).toBeUndefined();
  });

  it('speaks of "this place" to a manager looking at someone else\'s booking', () => {
    const view = bookingPageView(manager, { now: NOW, booking: booking(), session: sessionAnswer() }, 'booked');
    expect(view).toMatchObject({ own: false, heading: 'This place is booked', cancel: { text: 'Cancel this place' } });
    expect(view.banner).toBeUndefined();
  });

  it('shows a cancelled booking with the banner for what was given up, and nothing to undo', () => {
    const data = { now: NOW, booking: booking({ status: 'cancelled', cancelledAt: NOW.toISOString() }), session: sessionAnswer() };
    expect(bookingPageView(learner, data, bookingOutcome(undefined, 'waitlist'))).toMatchObject({
      heading: 'Your booking is cancelled',
      banner: { title: 'You have left the waiting list', bookAgainHref: '/sessions/b3621f30-38e2-49f2-81f4-b3e8be801563' },
    });
    const view = bookingPageView(learner, data, 'cancelled-place');
    expect(view.banner?.title).toBe('You have cancelled your place');
    expect([view.cancel, view.calendarHref, view.cannotCancel]).toEqual([undefined, undefined, undefined]);
  });
});

describe('cancelBookingView', () => {
  it('asks for confirmation and says where the place goes', () => {
    const withWaitlist = cancelBookingView(learner, { now: NOW, booking: booking(), session: sessionAnswer({ waitlistCount: 2 }) });
    expect(withWaitlist).toMatchObject({
      heading: 'Are you sure you want to cancel your place on Literature searching for social work practice?',
      consequence: 'Your place will go to the next person on the waiting list.',
      confirmText: 'Yes, cancel my place',
      keepText: 'No, keep my place',
    });
    expect(cancelBookingView(learner, { now: NOW, booking: booking(), session: sessionAnswer() }).consequence).toBe(
      'Your place will be free for someone else to book.',
    );
  });

  it('shows the refusal instead of the form once the session has started', () => {
    const started = cancelBookingView(learner, { now: NOW, booking: booking(), session: sessionAnswer({ startsAt: '2027-01-05T08:00:00.000Z' }) });
    expect(started.refusal).toMatch(/already started/);
    const refused = cancelBookingView(learner, { now: NOW, booking: booking(), session: sessionAnswer() }, 'session-started');
    expect(refused.errors).toEqual([{ field: 'cancel', message: refused.refusal }]);
  });
});
