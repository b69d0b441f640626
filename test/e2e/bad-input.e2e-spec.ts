import { makeCourse, makeOrganisation, makePerson, makeSignedIn, SignedInPerson } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

/** Tables the sign-in, people, organisation and course routes write to. */
const TABLES = ['person', 'organisation', 'course', 'auth_token', 'magic_link_request', 'outbox_message'];
const LONG = 'x'.repeat(10_000);

interface BadRequest {
  name: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  url: string;
  body?: unknown;
}

describe(`bad input to sign-in, people, organisations and courses (${testDialect()})`, () => {
  let t: TestApp;
  let admin: SignedInPerson;
  let organisationId: string;
  let personId: string;
  let courseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    organisationId = (await makeOrganisation(t.dataSource)).id;
    admin = await makeSignedIn(t.dataSource, organisationId, ['admin']);
    personId = (await makePerson(t.dataSource, { organisationId })).id;
    courseId = (await makeCourse(t.dataSource)).id;
  });
  afterAll(() => t.close());

  const rowCounts = async () =>
    Object.fromEntries(
      await Promise.all(TABLES.map(async (table) => [table, Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n)])),
    );

  const cases = (): BadRequest[] => {
    const person = { name: 'Valid Name', email: 'valid@example.test', organisationId };
    return [
      // Bodies: wrong types, unknown fields, invalid e-mails, over-long strings.
      { name: 'person name of the wrong type', method: 'post', url: '/api/people', body: { ...person, name: 42 } },
      { name: 'person with an unknown field', method: 'post', url: '/api/people', body: { ...person, salary: 1 } },
      { name: 'person with an invalid e-mail', method: 'post', url: '/api/people', body: { ...person, email: 'jane@' } },
      { name: 'person with a 10,000-character name', method: 'post', url: '/api/people', body: { ...person, name: LONG } },
      { name: 'person with a 10,000-character e-mail', method: 'post', url: '/api/people', body: { ...person, email: `${LONG}@example.test` } },
      { name: 'person with a 10,000-character team', method: 'post', url: '/api/people', body: { ...person, team: LONG } },
      { name: 'person with a non-UUID organisation', method: 'post', url: '/api/people', body: { ...person, organisationId: 'east' } },
      { name: 'person with roles as a string', method: 'post', url: '/api/people', body: { ...person, roles: 'admin' } },
      { name: 'person with an unknown role', method: 'post', url: '/api/people', body: { ...person, roles: ['superuser'] } },
      { name: 'person with a boolean as text', method: 'post', url: '/api/people', body: { ...person, newlyQualified: 'yes' } },
      { name: 'person as an array', method: 'post', url: '/api/people', body: [person] },
      { name: 'person with no body', method: 'post', url: '/api/people' },
      { name: 'person change with an unknown field', method: 'patch', url: `/api/people/${personId}`, body: { erasedAt: null } },
      { name: 'person change with an empty name', method: 'patch', url: `/api/people/${personId}`, body: { name: '' } },
      { name: 'organisation with a 10,000-character name', method: 'post', url: '/api/organisations', body: { code: 'OK', name: LONG } },
      { name: 'organisation with an unknown field', method: 'post', url: '/api/organisations', body: { code: 'OK', name: 'N', id: personId } },
      { name: 'course with a 10,000-character title', method: 'post', url: '/api/courses', body: { title: LONG } },
      { name: 'course with a duration as text', method: 'post', url: '/api/courses', body: { title: 'T', durationMinutes: 'long' } },
      { name: 'course change with a null title', method: 'patch', url: `/api/courses/${courseId}`, body: { title: null } },
      { name: 'magic link for a 10,000-character address', method: 'post', url: '/api/auth/magic-link', body: { email: `${LONG}@example.test` } },
      { name: 'magic link for a list of addresses', method: 'post', url: '/api/auth/magic-link', body: { email: ['a@example.test'] } },
      { name: 'magic link with an unknown field', method: 'post', url: '/api/auth/magic-link', body: { email: 'a@example.test', admin: true } },
      { name: 'token exchange with a number', method: 'post', url: '/api/auth/token', body: { token: 12345 } },
      { name: 'API token for a non-UUID person', method: 'post', url: '/api/auth/api-tokens', body: { personId: 'me', name: 'N' } },
      { name: 'API token with a 10,000-character name', method: 'post', url: '/api/auth/api-tokens', body: { personId, name: LONG } },
      // Path parameters that are not UUIDs.
      { name: 'person id not a UUID', method: 'get', url: '/api/people/12' },
      { name: 'person change, id not a UUID', method: 'patch', url: '/api/people/12', body: { name: 'N' } },
      { name: 'erasure, id not a UUID', method: 'delete', url: "/api/people/1' OR '1'='1" },
      { name: 'organisation id not a UUID', method: 'get', url: '/api/organisations/abc' },
      { name: 'course id not a UUID', method: 'get', url: '/api/courses/abc' },
      { name: 'course change, id not a UUID', method: 'patch', url: '/api/courses/abc', body: { title: 'T' } },
      { name: 'API token id not a UUID', method: 'delete', url: '/api/auth/api-tokens/abc' },
      // Paging and filters.
      ...['limit=-1', 'limit=0', 'limit=100000', 'limit=abc', 'offset=-1', 'offset=abc', 'limit=1.5'].flatMap((paging) =>
        ['/api/people', '/api/organisations', '/api/courses', '/api/auth/api-tokens'].map(
          (path): BadRequest => ({ name: `${path}?${paging}`, method: 'get', url: `${path}?${paging}` }),
        ),
      ),
      { name: 'people filtered by an unknown role', method: 'get', url: '/api/people?role=owner' },
      { name: 'people filtered by a non-UUID organisation', method: 'get', url: '/api/people?organisationId=east' },
      { name: 'people searched with 10,000 characters', method: 'get', url: `/api/people?q=${LONG}` },
      { name: 'people with an unknown query parameter', method: 'get', url: '/api/people?sort=name' },
      { name: 'courses searched with one character', method: 'get', url: '/api/courses?q=a' },
    ];
  };

  it('answers every malformed request with 4xx problem details and changes nothing', async () => {
    const before = await rowCounts();
    const mismatches: string[] = [];
    for (const bad of cases()) {
      let request = t.http[bad.method](bad.url).set(admin.auth);
      if (bad.body !== undefined) request = request.send(bad.body as object);
      const res = await request;
      const expected = 400;
      if (res.status !== expected) mismatches.push(`${bad.name}: ${res.status}, expected ${expected}`);
      else if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) mismatches.push(`${bad.name}: not problem details`);
      else if (res.body.status !== expected || typeof res.body.detail !== 'string') mismatches.push(`${bad.name}: incomplete problem`);
      else if (/\bat \S+ \(|node_modules|SELECT |INSERT INTO|QueryFailedError/.test(JSON.stringify(res.body))) mismatches.push(`${bad.name}: leaks internals`);
    }
    expect(mismatches).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });

  it('lists every invalid field of a body, by name', async () => {
    const res = await t.http
      .post('/api/people')
      .set(admin.auth)
      .send({ name: '', email: 'nope', organisationId: 'x', roles: [], libraryMember: 'no', extra: 1 })
      .expect(400);
    const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
    expect(fields).toEqual(new Set(['name', 'email', 'organisationId', 'roles', 'libraryMember', 'extra']));
  });

  it('refuses a CSV import with a bad dryRun flag before reading the file', async () => {
    const before = await rowCounts();
    await t.http
      .post('/api/people/import?dryRun=yes')
      .set(admin.auth)
      .set('Content-Type', 'text/csv')
      .send('name,email,organisation,team,jobTitle,newlyQualified\nA,a@example.test,X,,,no')
      .expect(400);
    expect(await rowCounts()).toEqual(before);
  });
});
