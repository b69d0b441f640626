import type { Actor } from '../auth/actor';
import type { Role } from '../people/person.entity';
import { bookingRefusal, cancellationRefusal, freeSeats, mayBookOthersOnto, mayHandleBookingFor, placement } from './booking-rules';

const actor = (roles: Role[], personId = 'me', organisationId = 'org-a'): Actor => ({ personId, organisationId, roles, tokenId: 't' });
const NOW = new Date('2026-10-01T08:00:00Z');
const session = (fields: Partial<Parameters<typeof placement>[0]> = {}) => ({
  status: 'scheduled' as const,
  startsAt: new Date('2026-10-08T09:00:00Z'),
  bookingOpensAt: null,
  bookingClosesAt: null,
  capacity: 2,
  confirmedCount: 0,
  waitlistEnabled: true,
  ...fields,
});

describe('mayHandleBookingFor', () => {
  const colleague = { id: 'colleague', organisationId: 'org-a' };
  const stranger = { id: 'stranger', organisationId: 'org-b' };

  it('lets everyone handle their own bookings', () => {
    expect(mayHandleBookingFor(actor(['learner']), { id: 'me', organisationId: 'org-a' }, [])).toBe(true);
  });

  it('keeps learners to themselves', () => {
    expect(mayHandleBookingFor(actor(['learner']), colleague, [])).toBe(false);
  });

  it('lets managers handle people of their own organisation only', () => {
    expect(mayHandleBookingFor(actor(['manager']), colleague, [])).toBe(true);
    expect(mayHandleBookingFor(actor(['manager']), stranger, [])).toBe(false);
  });

  it('lets trainers handle anyone on the sessions they train, and nobody elsewhere', () => {
    expect(mayHandleBookingFor(actor(['trainer']), stranger, ['me'])).toBe(true);
    expect(mayHandleBookingFor(actor(['trainer']), colleague, ['someone-else'])).toBe(false);
  });

  it('lets admins handle anyone', () => {
    expect(mayHandleBookingFor(actor(['admin']), stranger, [])).toBe(true);
  });

  it('adds up the rights of several roles', () => {
    expect(mayHandleBookingFor(actor(['learner', 'manager']), colleague, [])).toBe(true);
    expect(mayHandleBookingFor(actor(['learner', 'manager']), stranger, [])).toBe(false);
  });
});

describe('mayBookOthersOnto', () => {
  it('refuses learners, whatever the session', () => {
    expect(mayBookOthersOnto(actor(['learner']), ['me'])).toBe(false);
  });

  it('lets trainers book others onto the sessions they train only', () => {
    expect(mayBookOthersOnto(actor(['trainer']), ['someone-else', 'me'])).toBe(true);
    expect(mayBookOthersOnto(actor(['trainer']), ['someone-else'])).toBe(false);
  });

  it('lets managers and admins book others onto any session (the person is checked later)', () => {
    expect(mayBookOthersOnto(actor(['manager']), [])).toBe(true);
    expect(mayBookOthersOnto(actor(['admin']), [])).toBe(true);
    expect(mayBookOthersOnto(actor(['learner', 'manager']), ['someone-else'])).toBe(true);
  });
});

describe('bookingRefusal', () => {
  it('accepts a scheduled session before its start and its closing time', () => {
    expect(bookingRefusal(session({ bookingClosesAt: new Date('2026-10-07T00:00:00Z') }), NOW)).toBeNull();
  });

  it('refuses a cancelled session first', () => {
    expect(bookingRefusal(session({ status: 'cancelled', startsAt: new Date('2026-09-01T00:00:00Z') }), NOW)).toBe('session-cancelled');
  });

  it('refuses from the start instant on', () => {
    expect(bookingRefusal(session({ startsAt: NOW }), NOW)).toBe('session-started');
    expect(bookingRefusal(session({ startsAt: new Date(NOW.getTime() + 1) }), NOW)).toBeNull();
  });

  it('refuses from the closing instant on', () => {
    expect(bookingRefusal(session({ bookingClosesAt: NOW }), NOW)).toBe('booking-closed');
  });

  it('refuses before the opening instant and accepts from it on', () => {
    expect(bookingRefusal(session({ bookingOpensAt: new Date(NOW.getTime() + 1) }), NOW)).toBe('booking-not-open');
    expect(bookingRefusal(session({ bookingOpensAt: NOW }), NOW)).toBeNull();
    expect(bookingRefusal(session({ bookingOpensAt: new Date('2026-09-01T00:00:00Z') }), NOW)).toBeNull();
  });

  it('says a cancelled session is cancelled even before booking opens', () => {
    expect(bookingRefusal(session({ status: 'cancelled', bookingOpensAt: new Date('2026-10-02T00:00:00Z') }), NOW)).toBe('session-cancelled');
  });
});

describe('placement', () => {
  it('confirms while a seat is left', () => {
    expect(placement(session({ capacity: 2, confirmedCount: 1 }))).toBe('confirm');
  });

  it('waitlists when full and the waitlist is on, refuses when it is off', () => {
    expect(placement(session({ capacity: 2, confirmedCount: 2 }))).toBe('waitlist');
    expect(placement(session({ capacity: 2, confirmedCount: 2, waitlistEnabled: false }))).toBe('full');
  });
});

describe('cancellationRefusal', () => {
  it('allows cancelling an active booking before the start', () => {
    expect(cancellationRefusal({ status: 'waitlisted' }, { startsAt: new Date(NOW.getTime() + 1) }, NOW)).toBeNull();
  });

  it('refuses a booking that is already cancelled, and any once the session has started', () => {
    expect(cancellationRefusal({ status: 'cancelled' }, { startsAt: new Date('2027-01-01T00:00:00Z') }, NOW)).toBe('booking-cancelled');
    expect(cancellationRefusal({ status: 'confirmed' }, { startsAt: NOW }, NOW)).toBe('session-started');
  });
});

describe('freeSeats', () => {
  it('counts the seats nobody holds', () => {
    expect(freeSeats({ status: 'scheduled', capacity: 5, confirmedCount: 3 })).toBe(2);
    expect(freeSeats({ status: 'scheduled', capacity: 5, confirmedCount: 5 })).toBe(0);
  });

  it('gives a cancelled session none', () => {
    expect(freeSeats({ status: 'cancelled', capacity: 5, confirmedCount: 0 })).toBe(0);
  });
});
