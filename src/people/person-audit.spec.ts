import { personChangeEvents } from './person-audit';

const ISLA = {
  name: 'Isla Brown',
  email: 'isla.brown@example.test',
  organisationId: 'o1',
  team: 'Children and families',
  jobTitle: 'Social worker',
  newlyQualified: false,
  libraryMember: false,
  roles: ['learner' as const],
  active: true,
};

describe('personChangeEvents', () => {
  it('names the changed fields without their values', () => {
    const events = personChangeEvents(ISLA, { ...ISLA, email: 'isla.b@example.test', team: null, jobTitle: 'Senior social worker' });
    expect(events).toEqual([{ action: 'person-changed', details: { fields: ['email', 'team', 'jobTitle'] } }]);
    expect(JSON.stringify(events)).not.toContain('isla');
  });

  it('records roles from and to, and an account deactivated or reactivated, each on its own', () => {
    expect(personChangeEvents(ISLA, { ...ISLA, roles: ['learner', 'trainer'], active: false })).toEqual([
      { action: 'person-roles-changed', details: { roles: { from: ['learner'], to: ['learner', 'trainer'] } } },
      { action: 'person-deactivated', details: {} },
    ]);
    expect(personChangeEvents({ ...ISLA, active: false }, ISLA)).toEqual([{ action: 'person-reactivated', details: {} }]);
  });

  it('records nothing for a change that changes nothing', () => {
    expect(personChangeEvents(ISLA, { ...ISLA, roles: ['learner'] })).toEqual([]);
  });
});
