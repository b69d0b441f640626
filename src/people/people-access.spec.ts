import type { Actor } from '../auth/actor';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-error';
import type { Role } from './person.entity';
import { canSeePerson, peopleListScope } from './people-access';

const OWN = 'org-own';
const OTHER = 'org-other';
const actor = (...roles: Role[]): Actor => ({ personId: 'me', organisationId: OWN, roles, tokenId: 't' });

describe('peopleListScope', () => {
  it('admins list every organisation, or the one asked for', () => {
    expect(peopleListScope(actor('admin'), {})).toEqual({ organisationId: undefined, searchOnly: false });
    expect(peopleListScope(actor('admin'), { organisationId: OTHER })).toEqual({ organisationId: OTHER, searchOnly: false });
  });

  it('managers list their own organisation, and another one does not exist for them', () => {
    expect(peopleListScope(actor('manager'), {})).toEqual({ organisationId: OWN, searchOnly: false });
    expect(peopleListScope(actor('manager'), { organisationId: OWN })).toEqual({ organisationId: OWN, searchOnly: false });
    expect(() => peopleListScope(actor('manager'), { organisationId: OTHER })).toThrow(NotFoundError);
  });

  it('trainers may only search, across organisations: without q the request is invalid', () => {
    expect(peopleListScope(actor('trainer'), { q: 'mac' })).toEqual({ organisationId: undefined, searchOnly: true });
    expect(() => peopleListScope(actor('trainer'), {})).toThrow(InvalidInputError);
  });

  it('a manager who also trains searches other organisations as a trainer', () => {
    expect(peopleListScope(actor('manager', 'trainer'), { organisationId: OTHER, q: 'mac' })).toEqual({
      organisationId: OTHER,
      searchOnly: true,
    });
  });

  it('learners may not list people', () => {
    expect(() => peopleListScope(actor('learner'), { q: 'mac' })).toThrow(ForbiddenError);
  });
});

describe('canSeePerson', () => {
  const colleague = { id: 'colleague', organisationId: OWN };
  const stranger = { id: 'stranger', organisationId: OTHER };

  it('everybody sees themself', () => {
    expect(canSeePerson(actor('learner'), { id: 'me', organisationId: OWN })).toBe(true);
  });

  it('managers see their organisation only; learners and trainers see nobody else', () => {
    expect(canSeePerson(actor('manager'), colleague)).toBe(true);
    expect(canSeePerson(actor('manager'), stranger)).toBe(false);
    expect(canSeePerson(actor('trainer'), colleague)).toBe(false);
    expect(canSeePerson(actor('learner'), colleague)).toBe(false);
  });

  it('admins see everyone', () => {
    expect(canSeePerson(actor('admin'), stranger)).toBe(true);
  });
});
