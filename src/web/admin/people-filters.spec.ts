import { readPeopleFilters } from './people-filters';

const ORGANISATION = '6f1d0c4e-7b4a-4a55-9a0e-9a1b3c2d4e5f';

describe('readPeopleFilters', () => {
  it('reads the search and filters as the people service takes them', () => {
    const read = readPeopleFilters({ q: ' Òran ', organisation: ORGANISATION, role: 'trainer', team: 'Adult Services', status: 'inactive', page: '3' });
    expect(read.errors).toEqual([]);
    expect(read.filtered).toBe(true);
    expect(read.filters).toEqual({ q: 'Òran', organisationId: ORGANISATION, role: 'trainer', team: 'Adult Services', active: false, page: 3 });
  });

  it('lists everyone from the first page when nothing is chosen, and treats unknown values as not chosen', () => {
    expect(readPeopleFilters({})).toMatchObject({ filters: { page: 1 }, filtered: false, errors: [] });
    expect(readPeopleFilters({ organisation: 'nope', role: 'owner', status: 'maybe', page: '-1' })).toMatchObject({
      filters: { organisationId: undefined, role: undefined, active: undefined, page: 1 },
      filtered: false,
    });
  });

  it('refuses a search of fewer than 2 letters or digits, as the service counts them', () => {
    const read = readPeopleFilters({ q: 'é' });
    expect(read.filters).toBeUndefined();
    expect(read.errors).toEqual([{ field: 'q', message: 'Enter at least 2 letters or numbers of a name or e-mail address' }]);
    expect(read.form.q).toBe('é');
  });
});
