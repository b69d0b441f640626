import type { PeopleCsvRow } from './people-csv';
import { outcomeOf } from './people-import-plan';
import type { Person } from './person.entity';

const CODES = new Map([
  ['org-east', 'EAHSCP'],
  ['org-north', 'NAHSCP'],
]);
const code = (id: string) => CODES.get(id)!;

const row: PeopleCsvRow = {
  line: 7,
  name: 'Ailsa Boyd',
  email: 'ailsa.boyd@example.nhs.uk',
  emailKey: 'ailsa.boyd@example.nhs.uk',
  organisationId: 'org-east',
  team: 'Duty',
  jobTitle: null,
  newlyQualified: false,
};

const person = (overrides: Partial<Person> = {}) =>
  ({
    id: 'p1',
    name: 'Ailsa Boyd',
    email: 'ailsa.boyd@example.nhs.uk',
    emailKey: 'ailsa.boyd@example.nhs.uk',
    organisationId: 'org-east',
    team: 'Duty',
    jobTitle: null,
    newlyQualified: false,
    roles: ['learner', 'manager'],
    ...overrides,
  }) as Person;

describe('outcomeOf', () => {
  it('creates a person nobody has the address of', () => {
    expect(outcomeOf(row, undefined, code)).toMatchObject({ action: 'create', changes: [] });
  });

  it('leaves a person whose details match unchanged, an empty job title being no job title', () => {
    expect(outcomeOf(row, person(), code)).toMatchObject({ action: 'unchanged', changes: [] });
    expect(outcomeOf(row, person({ jobTitle: '' }), code)).toMatchObject({ action: 'unchanged' });
  });

  it('lists every field that changes in column order, organisations by code', () => {
    const outcome = outcomeOf(row, person({ name: 'Ailsa Boyd-Kerr', email: 'Ailsa.Boyd@example.nhs.uk', organisationId: 'org-north', team: null, newlyQualified: true }), code);
    expect(outcome.action).toBe('update');
    expect(outcome.changes).toEqual([
      { field: 'name', from: 'Ailsa Boyd-Kerr', to: 'Ailsa Boyd' },
      { field: 'email', from: 'Ailsa.Boyd@example.nhs.uk', to: 'ailsa.boyd@example.nhs.uk' },
      { field: 'organisation', from: 'NAHSCP', to: 'EAHSCP' },
      { field: 'team', from: null, to: 'Duty' },
      { field: 'newlyQualified', from: true, to: false },
    ]);
  });
});
