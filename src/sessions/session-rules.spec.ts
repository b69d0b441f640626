import type { Actor } from '../auth/actor';
import type { Role } from '../people/person.entity';
import { mayManageSession, sessionTimeErrors, timeOrPlaceChanged } from './session-rules';

const actor = (roles: Role[]): Actor => ({ personId: 'me', organisationId: 'org', roles, tokenId: 't' });

describe('mayManageSession', () => {
  it('lets admins manage every session and trainers only their own', () => {
    expect(mayManageSession(actor(['admin']), [])).toBe(true);
    expect(mayManageSession(actor(['trainer']), ['me', 'other'])).toBe(true);
    expect(mayManageSession(actor(['trainer']), ['other'])).toBe(false);
  });

  it('does not let a learner manage a session they are listed on without the trainer role', () => {
    expect(mayManageSession(actor(['learner']), ['me'])).toBe(false);
  });
});

describe('sessionTimeErrors', () => {
  const startsAt = new Date('2026-11-03T10:00:00Z');

  it('accepts an end after the start', () => {
    expect(sessionTimeErrors({ startsAt, endsAt: new Date('2026-11-03T10:00:01Z') })).toEqual([]);
  });

  it('names endsAt when it is not after startsAt', () => {
    expect(sessionTimeErrors({ startsAt, endsAt: startsAt })).toEqual([{ field: 'endsAt', message: 'endsAt must be after startsAt' }]);
  });

  const endsAt = new Date('2026-11-03T12:00:00Z');

  it('accepts booking opening before it closes and before the start, or no opening time', () => {
    const bookingClosesAt = new Date('2026-11-02T17:00:00Z');
    expect(sessionTimeErrors({ startsAt, endsAt, bookingOpensAt: new Date('2026-10-01T09:00:00Z'), bookingClosesAt })).toEqual([]);
    expect(sessionTimeErrors({ startsAt, endsAt, bookingOpensAt: new Date('2026-11-03T09:59:59Z'), bookingClosesAt: null })).toEqual([]);
    expect(sessionTimeErrors({ startsAt, endsAt, bookingOpensAt: null, bookingClosesAt })).toEqual([]);
  });

  it('names bookingOpensAt when it is not before startsAt', () => {
    expect(sessionTimeErrors({ startsAt, endsAt, bookingOpensAt: startsAt })).toEqual([
      { field: 'bookingOpensAt', message: 'bookingOpensAt must be before startsAt' },
    ]);
  });

  it('names bookingOpensAt when it is not before bookingClosesAt', () => {
    const bookingClosesAt = new Date('2026-11-02T17:00:00Z');
    expect(sessionTimeErrors({ startsAt, endsAt, bookingOpensAt: bookingClosesAt, bookingClosesAt })).toEqual([
      { field: 'bookingOpensAt', message: 'bookingOpensAt must be before bookingClosesAt' },
    ]);
  });
});

describe('timeOrPlaceChanged', () => {
  const before = {
    startsAt: new Date('2026-11-03T10:00:00Z'),
    endsAt: new Date('2026-11-03T12:00:00Z'),
    timezone: 'Europe/London',
    location: 'Ayr',
    onlineUrl: null,
  };

  it('ignores equal values, including equal instants in new Date objects', () => {
    expect(timeOrPlaceChanged(before, { ...before, startsAt: new Date(before.startsAt.getTime()) })).toBe(false);
  });

  it.each([
    ['startsAt', new Date('2026-11-03T09:00:00Z')],
    ['endsAt', new Date('2026-11-03T13:00:00Z')],
    ['timezone', 'Europe/Paris'],
    ['location', null],
    ['onlineUrl', 'https://meet.example.test/1'],
  ])('notices a change of %s', (field, value) => {
    expect(timeOrPlaceChanged(before, { ...before, [field]: value })).toBe(true);
  });
});
