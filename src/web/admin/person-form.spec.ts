import { personFormValues, readPersonForm } from './person-form';

const ORGANISATION = '6f1d0c4e-7b4a-4a55-9a0e-9a1b3c2d4e5f';

describe('readPersonForm', () => {
  it('reads a filled-in form into what the people service takes, empty team and job title as null', () => {
    const read = readPersonForm({
      name: ' Ailsa Boyd ',
      email: 'ailsa.boyd@eahscp.example',
      organisationId: ORGANISATION,
      team: '',
      jobTitle: 'Social worker',
      roles: ['admin', 'learner'],
      details: 'newlyQualified',
    });
    expect(read.errors).toEqual([]);
    expect(read.input).toEqual({
      name: 'Ailsa Boyd',
      email: 'ailsa.boyd@eahscp.example',
      organisationId: ORGANISATION,
      team: null,
      jobTitle: 'Social worker',
      roles: ['learner', 'admin'],
      newlyQualified: true,
      libraryMember: false,
    });
  });

  it('takes a single ticked role (a string, not an array) and ignores roles that do not exist', () => {
    expect(readPersonForm({ name: 'A', email: 'a@x.test', organisationId: ORGANISATION, roles: 'trainer' }).input?.roles).toEqual(['trainer']);
    expect(readPersonForm({ name: 'A', email: 'a@x.test', organisationId: ORGANISATION, roles: ['owner'] }).errors).toEqual([
      { field: 'roles', message: 'Select at least one role' },
    ]);
  });

  it('gives each missing or wrong field its message, in the order of the form, and keeps what was typed', () => {
    const read = readPersonForm({ name: '', email: 'not an address', organisationId: 'x', team: 't'.repeat(201) });
    expect(read.input).toBeUndefined();
    expect(read.errors.map((error) => error.field)).toEqual(['name', 'email', 'organisationId', 'team', 'roles']);
    expect(read.errors[1].message).toBe('Enter an e-mail address in the correct format, like name@example.com');
    expect(read.values.email).toBe('not an address');
  });
});

describe('personFormValues', () => {
  it('fills the form from a person', () => {
    expect(
      personFormValues({ name: 'A', email: 'a@x.test', organisationId: ORGANISATION, team: null, jobTitle: null, roles: ['learner'], newlyQualified: false, libraryMember: true }),
    ).toEqual({ name: 'A', email: 'a@x.test', organisationId: ORGANISATION, team: '', jobTitle: '', roles: ['learner'], newlyQualified: false, libraryMember: true });
  });
});
