import type { Actor } from '../auth/actor';
import type { Role } from '../people/person.entity';
import { bookingCanceller, sessionCanceller } from './canceller';

const person = { id: 'person', organisationId: 'north' };
const trainers = ['trainer'];

function actor(personId: string, roles: Role[], organisationId = 'library'): Actor {
  return { personId, organisationId, roles, tokenId: 'token' };
}

describe('bookingCanceller', () => {
  it('names the person themself whatever else they are', () => {
    expect(bookingCanceller(actor('person', ['learner', 'admin'], 'north'), 'Ailsa', person, trainers)).toEqual({ role: 'self' });
  });

  it('names the session trainer before any other role they hold', () => {
    expect(bookingCanceller(actor('trainer', ['trainer', 'admin']), 'Morag', person, trainers)).toEqual({ role: 'trainer', name: 'Morag' });
  });

  it("names a manager of the person's organisation", () => {
    expect(bookingCanceller(actor('boss', ['manager', 'admin'], 'north'), 'Ann', person, trainers)).toEqual({ role: 'manager', name: 'Ann' });
  });

  it('names an administrator otherwise: a trainer of another session, a manager of another organisation', () => {
    expect(bookingCanceller(actor('other', ['trainer', 'admin']), 'Iain', person, trainers)).toEqual({ role: 'admin', name: 'Iain' });
    expect(bookingCanceller(actor('boss', ['manager', 'admin'], 'south'), 'Iain', person, trainers)).toEqual({ role: 'admin', name: 'Iain' });
  });
});

describe('sessionCanceller', () => {
  it('names one of the session trainers, or else an administrator', () => {
    expect(sessionCanceller(actor('trainer', ['trainer']), 'Morag', trainers)).toEqual({ role: 'trainer', name: 'Morag' });
    expect(sessionCanceller(actor('trainer', ['trainer', 'admin']), null, trainers)).toEqual({ role: 'trainer', name: null });
    expect(sessionCanceller(actor('other', ['trainer', 'admin']), 'Iain', trainers)).toEqual({ role: 'admin', name: 'Iain' });
  });
});
