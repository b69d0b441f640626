import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { AuthToken } from '../../src/auth/auth-token.entity';
import { Booking } from '../../src/bookings/booking.entity';
import { Course } from '../../src/courses/course.entity';
import { Person } from '../../src/people/person.entity';
import { TrainingSession } from '../../src/sessions/training-session.entity';
import { makeCourse, makeOrganisation, makeRoster, makeSession, makeSignedIn, Roster, SignedInPerson } from '../factories';
import { STACK_FRAME } from '../support/log-output';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const NOW = '2026-10-01T08:00:00Z';
/** The origin of PUBLIC_URL in test-app.ts. */
const OWN_ORIGIN = 'http://localhost:3999';
const PROBLEM = /^application\/problem\+json/;
const NUL = '\u0000';

describe(`input the API refuses before any route acts on it (${testDialect()})`, () => {
  let t: TestApp;
  let organisationId: string;
  let courseId: string;
  let roster: Roster;
  let admin: SignedInPerson;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    courseId = (await makeCourse(t.dataSource)).id;
    roster = await makeRoster(t.dataSource, organisationId);
    admin = roster.admin;
  });
  afterAll(() => t.close());

  const people = () => t.dataSource.getRepository(Person).count();
  const sessions = () => t.dataSource.getRepository(TrainingSession).count();
  const newPerson = (overrides: Record<string, unknown> = {}) => ({
    name: 'Eilidh Paterson',
    email: `eilidh.${Math.random().toString(36).slice(2)}@example.test`,
    organisationId,
    ...overrides,
  });

  /** A raw request, for what supertest will not send: no Content-Type at all, or a chunked body. */
  /** A body given in pieces is sent chunked (Node's client chooses that itself when it cannot know the length). */
  function rawRequest(method: string, path: string, headers: Record<string, string>, body: string | string[]) {
    const server = t.app.getHttpServer() as import('node:http').Server;
    if (!server.listening) server.listen(0);
    return new Promise<{ status: number; type: string; connection: string; body: Record<string, unknown> }>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      // Node's global agent keeps connections alive: a request may go out on the connection of the refusal before it.
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () =>
          resolve({ status: res.statusCode!, type: String(res.headers['content-type']), connection: String(res.headers.connection), body: JSON.parse(text || '{}') }),
        );
      });
      req.on('error', reject);
      const pieces = typeof body === 'string' ? [body] : body;
      for (const piece of pieces.slice(0, -1)) req.write(piece);
      req.end(pieces[pieces.length - 1]);
    });
  }

  describe('415 for a body that is not JSON', () => {
    it('answers JSON sent without a Content-Type with 415 naming application/json, not an unknown field', async () => {
      const before = await people();
      const res = await rawRequest(
        'POST',
        '/api/people',
        { Authorization: admin.auth.Authorization, 'Content-Length': String(Buffer.byteLength(JSON.stringify(newPerson()))) },
        JSON.stringify(newPerson()),
      );
      expect(res.status).toBe(415);
      expect(res.type).toMatch(PROBLEM);
      // Answered without reading the body, so the connection is not kept: the next request goes on a new one.
      expect(res.connection).toBe('close');
      expect(res.body).toMatchObject({ status: 415, type: 'urn:training-tracker:problem:unsupported-media-type', detail: 'Send the body as application/json.' });
      expect(await people()).toBe(before);
    });

    it('answers a chunked body without a Content-Type with 415', async () => {
      const res = await rawRequest('POST', '/api/auth/magic-link', {}, ['{"email":', '"a@example.test"}']);
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ status: 415, detail: 'Send the body as application/json.' });
    });

    it.each([
      ['a form post (what curl -d sends)', 'application/x-www-form-urlencoded', 'name=Eilidh&email=e%40example.test'],
      ['plain text', 'text/plain', '{"name":"Eilidh"}'],
      ['CSV outside the import', 'text/csv', 'name,email\nEilidh,e@example.test'],
      ['XML', 'application/xml', '<person/>'],
      ['multipart', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nEilidh\r\n--x--'],
    ])('answers %s on /api with 415 problem details and changes nothing', async (_case, type, body) => {
      const before = await people();
      const res = await t.http.post('/api/people').set(admin.auth).set('Content-Type', type).send(body).expect(415);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 415, title: 'Unsupported Media Type', detail: 'Send the body as application/json.' });
      expect(await people()).toBe(before);
    });

    it('refuses a form post to a public route too, before reading it', async () => {
      await t.http.post('/api/auth/magic-link').type('form').send({ email: roster.learner.person.email }).expect(415);
      await t.http.post('/API/auth/magic-link').type('form').send({ email: roster.learner.person.email }).expect(415);
    });

    it('accepts application/json with a charset, and requests without a body whatever their headers say', async () => {
      await t.http.post('/api/people').set(admin.auth).set('Content-Type', 'application/json; charset=utf-8').send(JSON.stringify(newPerson())).expect(201);
      await t.http.post('/api/people/me/calendar-feed/rotate').set(admin.auth).expect(200);
      await t.http.post('/api/people/me/calendar-feed/rotate').set(admin.auth).set('Content-Type', 'text/plain').expect(200);
    });

    it('lets the people import take text/csv, and only that', async () => {
      const csv = 'name,email,organisation,team,jobTitle,newlyQualified\n';
      const csvAnswer = await t.http.post('/api/people/import?dryRun=true').set(admin.auth).set('Content-Type', 'text/csv').send(csv);
      expect(csvAnswer.status).not.toBe(415);
      const json = await t.http.post('/api/people/import?dryRun=true').set(admin.auth).send({ csv }).expect(415);
      expect(json.body.detail).toBe('Send the body as text/csv.');
    });

    it('leaves form bodies to the web pages outside /api', async () => {
      const res = await t.http.post('/no-such-page').type('form').send({ a: 'b' });
      expect(res.status).not.toBe(415);
    });
  });

  describe('JSON nested deeper than any route needs', () => {
    const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

    /** Everything the service logs while `run` runs. */
    async function logged(run: () => Promise<unknown>): Promise<string> {
      let output = '';
      const capture = (chunk: string | Uint8Array) => {
        output += String(chunk);
        return true;
      };
      const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
      try {
        await run();
      } finally {
        stdout.mockRestore();
        stderr.mockRestore();
      }
      return output;
    }

    /** A failure logged while parsing or validating: the error's name or its stack, plain or inside a JSON line. */
    const FAILURE = new RegExp(`RangeError|Maximum call stack|${STACK_FRAME.source}`);

    it('sees a stack logged through the service\'s logger, where its newlines are escaped', async () => {
      const log = await logged(async () => new Logger('Control').error('control failure', new Error('control').stack));
      expect(log).toContain('\\n    at ');
      expect(log).not.toMatch(/\n\s+at /);
      expect(log).toMatch(FAILURE);
      expect(new Error('plain').stack).toMatch(FAILURE);
    });

    it('answers a 5,000-deep body with 400, without sign-in, and logs no error', async () => {
      const log = await logged(async () => {
        const res = await t.http.post('/api/auth/magic-link').set('Content-Type', 'application/json').send(deep(5000)).expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body.errors).toEqual([{ field: 'body', message: 'is nested deeper than 32 levels' }]);
      });
      expect(log).not.toMatch(FAILURE);
    });

    it('answers a 6 KB deep value of a field with 400 naming the field, signed in or not', async () => {
      const before = await people();
      const log = await logged(async () => {
        const body = `{"name":"Eilidh","email":"e@example.test","organisationId":"${organisationId}","team":${deep(3000)}}`;
        const signedIn = await t.http.post('/api/people').set(admin.auth).set('Content-Type', 'application/json').send(body).expect(400);
        expect(signedIn.body.errors).toEqual([{ field: 'team', message: 'is nested deeper than 32 levels' }]);
        const anonymous = await t.http.post('/api/auth/token').set('Content-Type', 'application/json').send(`{"token":${deep(3000)}}`).expect(400);
        expect(anonymous.body.errors).toEqual([{ field: 'token', message: 'is nested deeper than 32 levels' }]);
        const deepObject = `{"records":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`;
        const register = await t.http.put(`/api/sessions/${courseId}/attendance`).set(admin.auth).set('Content-Type', 'application/json').send(deepObject).expect(400);
        expect(register.body.errors).toEqual([{ field: 'records', message: 'is nested deeper than 32 levels' }]);
      });
      expect(log).not.toMatch(FAILURE);
      expect(await people()).toBe(before);
    });

    it('leaves 32 levels to validation and refuses 33 before it', async () => {
      const at = (depth: number) => t.http.post('/api/auth/token').set('Content-Type', 'application/json').send(`{"token":${deep(depth - 1)}}`);
      const allowed = await at(32).expect(400);
      expect(allowed.body.errors).toContainEqual({ field: 'token', message: 'token must be a string' });
      expect(allowed.body.errors).not.toContainEqual(expect.objectContaining({ message: expect.stringMatching(/nested/) }));
      const refused = await at(33).expect(400);
      expect(refused.body.errors).toEqual([{ field: 'token', message: 'is nested deeper than 32 levels' }]);
    });
  });

  describe('NUL characters', () => {
    const nulError = (field: string) => [{ field, message: 'must not contain a NUL character' }];

    it('refuses a NUL in a body string with 400 naming the field, and stores nothing', async () => {
      const before = await people();
      const res = await t.http.post('/api/people').set(admin.auth).send(newPerson({ name: `Eilidh${NUL}Paterson` })).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors).toEqual(nulError('name'));
      expect(await people()).toBe(before);
    });

    it('names a NUL inside arrays and nested objects by its path, and in an object key', async () => {
      const session = await makeSession(t.dataSource, { courseId, trainerIds: [roster.trainer.person.id], now: new Date(NOW) });
      const inArray = await t.http
        .post('/api/sessions')
        .set(admin.auth)
        .send({ courseId, startsAt: '2026-11-03T10:00:00Z', endsAt: '2026-11-03T12:00:00Z', capacity: 5, trainerIds: [`x${NUL}`] })
        .expect(400);
      expect(inArray.body.errors).toEqual(nulError('trainerIds.0'));
      const nested = await t.http
        .put(`/api/sessions/${session.id}/attendance`)
        .set(admin.auth)
        .send({ records: [{ personId: roster.learner.person.id, status: `attended${NUL}` }] })
        .expect(400);
      expect(nested.body.errors).toEqual(nulError('records.0.status'));
      const key = await t.http.post('/api/courses').set(admin.auth).send({ title: 'Appraising evidence', [`de${NUL}scription`]: 'x' }).expect(400);
      expect(key.body.errors).toEqual(nulError('de\\u0000scription'));
    });

    it('refuses a NUL in a change and leaves the row as it was', async () => {
      const course = await makeCourse(t.dataSource, { title: 'Finding grey literature' });
      const res = await t.http.patch(`/api/courses/${course.id}`).set(admin.auth).send({ title: `Finding${NUL}` }).expect(400);
      expect(res.body.errors).toEqual(nulError('title'));
      expect((await t.dataSource.getRepository(Course).findOneByOrFail({ id: course.id })).title).toBe('Finding grey literature');
    });

    it('refuses a NUL in the query string and in path parameters, naming them', async () => {
      expect((await t.http.get('/api/people?q=ab%00c').set(admin.auth).expect(400)).body.errors).toEqual(nulError('q'));
      expect((await t.http.get('/api/reports/training?groupBy=team%00').set(admin.auth).expect(400)).body.errors).toEqual(nulError('groupBy'));
      expect((await t.http.get('/api/courses/ab%00c').set(admin.auth).expect(400)).body.errors).toEqual(nulError('id'));
      expect((await t.http.get('/api/calendar-feeds/abc%00def.ics').expect(400)).body.errors).toEqual(nulError('token'));
    });

    it('refuses a NUL on a public route too (the sign-in request)', async () => {
      const res = await t.http.post('/api/auth/magic-link').send({ email: `a${NUL}@example.test` }).expect(400);
      expect(res.body.errors).toEqual(nulError('email'));
    });
  });

  describe('impossible zone offsets', () => {
    const sessionBody = (overrides: Record<string, unknown> = {}) => ({
      courseId,
      startsAt: '2026-11-03T10:00:00Z',
      endsAt: '2026-11-03T12:00:00Z',
      capacity: 5,
      ...overrides,
    });

    it.each([
      ['startsAt', '2026-11-03T10:00:00+99:00'],
      ['startsAt', '2026-11-03T10:00:00-14:30'],
      ['endsAt', '2026-11-03T12:00:00-15:00'],
      ['endsAt', '2026-11-03T12:00:00-01:75'],
      ['bookingClosesAt', '2026-11-02T12:00:00+2400'],
    ])('refuses a new session whose %s is %s, naming the field', async (field, value) => {
      const before = await sessions();
      const res = await t.http.post('/api/sessions').set(admin.auth).send(sessionBody({ [field]: value })).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
      expect(await sessions()).toBe(before);
    });

    it('accepts the furthest real offsets, ±14:00 and -12:00', async () => {
      const res = await t.http
        .post('/api/sessions')
        .set(admin.auth)
        .send(sessionBody({ startsAt: '2026-11-04T00:00:00+14:00', endsAt: '2026-11-03T12:00:00-12:00' }))
        .expect(201);
      expect(res.body).toMatchObject({ startsAt: '2026-11-03T10:00:00.000Z', endsAt: '2026-11-04T00:00:00.000Z' });
    });

    it('refuses a change of time with an impossible offset and keeps the time', async () => {
      const session = await makeSession(t.dataSource, { courseId, trainerIds: [roster.trainer.person.id], now: new Date(NOW) });
      const res = await t.http.patch(`/api/sessions/${session.id}`).set(admin.auth).send({ startsAt: '2026-10-08T08:00:00+99:00' }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'startsAt' })]);
      const stored = await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: session.id });
      expect(stored.startsAt.toISOString()).toBe(session.startsAt.toISOString());
    });

    it.each([
      ['/api/sessions', 'from'],
      ['/api/sessions', 'to'],
      ['/api/reports/training', 'from'],
      ['/api/reports/training/people', 'to'],
      ['/api/people/me/training', 'from'],
    ])('refuses %s?%s= with an impossible offset, naming it', async (path, field) => {
      const res = await t.http.get(path).query({ [field]: '2026-11-03T10:00:00+99:00' }).set(admin.auth).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    });
  });

  describe('state changes signed in by the cookie', () => {
    let learner: SignedInPerson;
    const cookieOf = (who: SignedInPerson) => `tt_session=${who.token}`;
    const bookings = () => t.dataSource.getRepository(Booking).countBy({ personId: learner.person.id });
    const feedToken = async () => (await t.dataSource.getRepository(Person).findOneByOrFail({ id: learner.person.id })).calendarFeedToken;

    beforeAll(async () => {
      learner = await makeSignedIn(t.dataSource, organisationId, ['learner']);
    });

    const session = () => makeSession(t.dataSource, { courseId, now: new Date(NOW) });

    it.each([
      ['no Origin and no Sec-Fetch-Site', {}],
      ['another Origin', { Origin: 'https://evil.example' }],
      ['the same host on another port', { Origin: 'http://localhost:4000' }],
      ['an opaque Origin', { Origin: 'null' }],
      ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site', Origin: 'https://other.localhost' }],
    ])('refuses a booking with %s: 403, nothing booked', async (_case, headers) => {
      const { id } = await session();
      const before = await bookings();
      const res = await t.http.post('/api/bookings').set('Cookie', cookieOf(learner)).set(headers).send({ sessionId: id }).expect(403);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 403, type: 'urn:training-tracker:problem:cross-site-request', detail: expect.stringMatching(/^Cross-site request refused/) });
      expect(await bookings()).toBe(before);
    });

    it('refuses a cross-site feed rotation, cancellation, change and revocation', async () => {
      await t.http.get('/api/people/me/calendar-feed').set(learner.auth).expect(200);
      const feed = await feedToken();
      await t.http.post('/api/people/me/calendar-feed/rotate').set('Cookie', cookieOf(learner)).set('Origin', 'https://evil.example').expect(403);
      expect(await feedToken()).toBe(feed);

      const { id } = await session();
      const booking = (await t.http.post('/api/bookings').set(learner.auth).send({ sessionId: id }).expect(201)).body as { id: string };
      await t.http.post(`/api/bookings/${booking.id}/cancel`).set('Cookie', cookieOf(learner)).set('Sec-Fetch-Site', 'cross-site').expect(403);
      expect((await t.dataSource.getRepository(Booking).findOneByOrFail({ id: booking.id })).status).toBe('confirmed');

      const course = await makeCourse(t.dataSource, { title: 'Before' });
      await t.http.patch(`/api/courses/${course.id}`).set('Cookie', cookieOf(admin)).set('Origin', 'https://evil.example').send({ title: 'After' }).expect(403);
      expect((await t.dataSource.getRepository(Course).findOneByOrFail({ id: course.id })).title).toBe('Before');

      const apiToken = (await t.http.post('/api/auth/api-tokens').set(admin.auth).send({ personId: learner.person.id, name: 'n' }).expect(201)).body as { id: string };
      await t.http.delete(`/api/auth/api-tokens/${apiToken.id}`).set('Cookie', cookieOf(admin)).set('Origin', 'https://evil.example').expect(403);
      expect((await t.dataSource.getRepository(AuthToken).findOneByOrFail({ id: apiToken.id })).revokedAt).toBeNull();
    });

    it('refuses a cross-site form post with the cookie and books nothing', async () => {
      const { id } = await session();
      const before = await bookings();
      const res = await t.http.post('/api/bookings').set('Cookie', cookieOf(learner)).set('Origin', 'https://evil.example').type('form').send({ sessionId: id });
      expect([403, 415]).toContain(res.status);
      expect(await bookings()).toBe(before);
    });

    it.each([
      ['Origin of PUBLIC_URL', { Origin: OWN_ORIGIN }],
      ['Sec-Fetch-Site: same-origin', { 'Sec-Fetch-Site': 'same-origin', Origin: OWN_ORIGIN }],
      ['Sec-Fetch-Site: none', { 'Sec-Fetch-Site': 'none' }],
    ])('acts on a same-origin request with %s', async (_case, headers) => {
      const { id } = await session();
      await t.http.post('/api/bookings').set('Cookie', cookieOf(learner)).set(headers).send({ sessionId: id }).expect(201);
    });

    it('lets reads by cookie, bearer-token changes and public routes through from any origin', async () => {
      await t.http.get('/api/bookings').set('Cookie', cookieOf(learner)).set('Origin', 'https://evil.example').expect(200);
      const { id } = await session();
      await t.http.post('/api/bookings').set(learner.auth).set('Cookie', cookieOf(learner)).set('Origin', 'https://evil.example').send({ sessionId: id }).expect(201);
      await t.http.post('/api/auth/magic-link').set('Origin', 'https://evil.example').send({ email: 'nobody@example.test' }).expect(202);
    });

    it('answers 401, not 403, when a cross-site request carries no credentials', async () => {
      await t.http.post('/api/bookings').set('Origin', 'https://evil.example').send({ sessionId: courseId }).expect(401);
    });
  });

  it('documents the rules in OpenAPI: the cookie scheme, 403 for cross-site changes, 415 for bodies', async () => {
    const document = (await t.http.get('/api/docs-json').expect(200)).body as {
      info: { description: string };
      components: { securitySchemes: Record<string, { description?: string }> };
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    expect(document.components.securitySchemes.cookie.description).toMatch(/Sec-Fetch-Site.*Origin.*403 `cross-site-request`/s);
    expect(document.info.description).toMatch(/415.*NUL character.*nested more than 32 levels.*±14:00/s);
    expect(document.paths['/api/bookings'].post.responses['403'].description).toMatch(/cross-site/);
    expect(document.paths['/api/people/{id}'].patch.responses['403'].description).toMatch(/role may not do this.*cross-site/s);
    expect(document.paths['/api/bookings'].post.responses['415']).toBeDefined();
    expect(document.paths['/api/auth/magic-link'].post.responses['415']).toBeDefined();
    expect(document.paths['/api/auth/magic-link'].post.responses['403']).toBeUndefined();
    expect(document.paths['/api/bookings'].get.responses['403']).toBeUndefined();
  });
});
