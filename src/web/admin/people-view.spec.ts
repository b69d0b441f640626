import type { BookingDto } from '../../bookings/dto/booking.dto';
import type { PersonDto } from '../../people/dto/person.dto';
import { readPeopleFilters } from './people-filters';
import { peopleListView, personFormRefusal, personPageView, statusTag } from './people-view';

const person = (fields: Partial<PersonDto> = {}): PersonDto => ({
  id: 'p1',
  name: 'Ailsa Boyd',
  email: 'ailsa@x.test',
  organisationId: 'o1',
  team: 'Adults',
  jobTitle: 'Social worker',
  roles: ['learner', 'admin'],
  newlyQualified: true,
  libraryMember: false,
  active: true,
  erasedAt: null,
  createdAt: new Date('2026-03-01T12:00:00Z'),
  ...fields,
});

const booking = (startsAt: string, status: BookingDto['status'] = 'confirmed'): BookingDto => ({
  id: `b${startsAt}`,
  sessionId: `s${startsAt}`,
  personId: 'p1',
  status,
  waitlistPosition: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  cancelledAt: null,
  session: { courseTitle: `Course ${startsAt}`, startsAt, endsAt: startsAt.replace('T10', 'T12'), timezone: 'Europe/London', location: null, onlineUrl: null, status: 'scheduled' },
});

const organisation = { id: 'o1', code: 'EAHSCP', name: 'East Ayrshire HSCP' };

describe('statusTag', () => {
  it('says Active, Deactivated or Erased', () => {
    expect(statusTag(person()).text).toBe('Active');
    expect(statusTag(person({ active: false })).text).toBe('Deactivated');
    expect(statusTag(person({ erasedAt: new Date() })).text).toBe('Erased');
  });
});

describe('peopleListView', () => {
  it('shows a page of people with their organisation and the range shown, keeping the filters in the page links', () => {
    const read = readPeopleFilters({ q: 'ail', page: '2' });
    const items = Array.from({ length: 25 }, (_, index) => person({ id: `p${index}`, name: `Person ${index}` }));
    const view = peopleListView(read, { organisations: [organisation], teams: [{ organisationId: 'o1', team: 'Adults' }], people: { items, total: 60 } });
    expect(view.results?.summary).toBe('Showing 26 to 50 of 60 people');
    expect(view.results?.rows[0]).toEqual({
      href: '/admin/people/p0',
      name: 'Person 0',
      email: 'ailsa@x.test',
      organisation: 'East Ayrshire HSCP',
      team: 'Adults',
      roles: 'Learner, Administrator',
      status: { text: 'Active', colour: 'green' },
    });
    expect(view.results?.pagination?.next?.href).toBe('/admin/people?q=ail&page=3');
    expect(view.teamItems.map((item) => item.text)).toEqual(['All teams', 'Adults']);
  });

  it('names an erased person as such', () => {
    const view = peopleListView(readPeopleFilters({}), {
      organisations: [organisation],
      teams: [],
      people: { items: [person({ name: null, email: null, erasedAt: new Date() })], total: 1 },
    });
    expect(view.results?.rows[0]).toMatchObject({ name: 'Erased person', email: '', status: { text: 'Erased' } });
    expect(view.results?.summary).toBe('1 person');
  });
});

describe('personPageView', () => {
  const now = new Date('2027-01-10T00:00:00Z');
  const data = (fields: Partial<PersonDto> = {}) => ({
    now,
    person: person(fields),
    organisation,
    bookings: [booking('2027-02-01T10:00:00.000Z'), booking('2026-12-01T10:00:00.000Z'), booking('2027-01-20T10:00:00.000Z', 'waitlisted')],
    training: { items: [], total: 0, totals: { sessionsAttended: 0, cpdHours: 0 } },
    apiTokens: [{ id: 't1', name: 'HR sync', personId: 'p1', personName: 'Ailsa Boyd', createdAt: new Date('2026-06-01T00:00:00Z'), revokedAt: null }],
  });

  it('splits bookings into coming up (soonest first) and past, and links each detail to its field of the form', () => {
    const view = personPageView(data(), 'saved');
    expect(view.banner).toBe('Changes saved');
    expect(view.upcoming.map((row) => [row.courseTitle, row.status.text])).toEqual([
      ['Course 2027-01-20T10:00:00.000Z', 'Waiting list: number –'],
      ['Course 2027-02-01T10:00:00.000Z', 'Booked'],
    ]);
    expect(view.past.map((row) => row.status.text)).toEqual(['Had a place']);
    expect(view.detailRows[0]).toEqual({
      key: { text: 'Full name' },
      value: { text: 'Ailsa Boyd' },
      actions: { items: [{ href: '/admin/people/p1/edit#name', text: 'Change', visuallyHiddenText: 'full name' }] },
    });
    expect(view.apiTokens).toEqual([
      { name: 'HR sync', created: '1 June 2026', status: { text: 'Active', colour: 'green' }, revokeHref: '/admin/api-tokens/t1/revoke?next=%2Fadmin%2Fpeople%2Fp1' },
    ]);
    expect(view.issueTokenHref).toBe('/admin/api-tokens/new?personId=p1');
    expect(view.statusAction).toEqual({ text: 'Deactivate account', href: '/admin/people/p1/deactivate' });
  });

  it('offers nothing to change for an erased person, and shows no personal details', () => {
    const view = personPageView(data({ name: null, email: null, erasedAt: new Date('2027-01-05T12:00:00Z') }));
    expect(view.heading).toBe('Erased person');
    expect(view.editHref).toBeUndefined();
    expect(view.statusAction).toBeUndefined();
    expect(view.eraseHref).toBeUndefined();
    expect(view.issueTokenHref).toBeUndefined();
    expect(view.detailRows.map((row) => row.key.text)).toEqual(['Organisation', 'Team', 'Erased on', 'Account']);
  });
});

describe('personFormRefusal', () => {
  it('puts the service’s refusals beside the field they concern', () => {
    expect(personFormRefusal('email-taken', '')?.field).toBe('email');
    expect(personFormRefusal('last-admin', '')?.field).toBe('roles');
    expect(personFormRefusal('not-found', 'Organisation was not found')?.field).toBe('organisationId');
    expect(personFormRefusal('not-found', 'Person was not found')).toBeUndefined();
  });
});
