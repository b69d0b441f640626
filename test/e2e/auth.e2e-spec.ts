import { createHash } from 'node:crypto';
import { AdminBootstrapService } from '../../src/auth/admin-bootstrap.service';
import { AuthToken } from '../../src/auth/auth-token.entity';
import { MagicLinkRequest } from '../../src/auth/magic-link-request.entity';
import { MAGIC_LINK_RATE_LIMITS } from '../../src/auth/magic-link-policy';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { Organisation } from '../../src/organisations/organisation.entity';
import { Person } from '../../src/people/person.entity';
import { makeOrganisation, makePerson, makeSignedIn } from '../factories';
import { linkRequestsHandled, magicLinkTokens, requestMagicToken, signInByMagicLink } from '../support/magic-link';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, testDialect } from '../support/test-database';

const MINUTE = 60_000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe(`sign-in (${testDialect()})`, () => {
  let t: TestApp;
  let organisationId: string;

  beforeAll(async () => {
    t = await createTestApp();
    organisationId = (await makeOrganisation(t.dataSource)).id;
  });
  afterAll(() => t.close());

  // Each test starts with fresh rate-limit windows.
  beforeEach(() => t.clock.advance(MAGIC_LINK_RATE_LIMITS.windowMs + MINUTE));

  const person = (overrides: Partial<Person> = {}) => makePerson(t.dataSource, { organisationId, ...overrides });
  const outboxTo = (recipient: string) => t.dataSource.getRepository(OutboxMessage).countBy({ recipient });

  describe('magic links', () => {
    it('e-mails a one-time link, stored only as a hash, that signs the person in once', async () => {
      const learner = await person({ email: 'ailsa.boyd@example.test', name: 'Ailsa Boyd' });

      const requested = await t.http.post('/api/auth/magic-link').send({ email: 'Ailsa.Boyd@Example.test' }).expect(202);
      expect(requested.body).toEqual({});
      await linkRequestsHandled(t.dataSource);
      const [mail] = await t.dataSource.getRepository(OutboxMessage).findBy({ recipient: 'ailsa.boyd@example.test' });
      expect(mail).toMatchObject({ kind: 'magic-link', personId: learner.id, status: expect.any(String) });
      expect(mail.textBody).toContain('http://localhost:3999/auth/callback?token=');
      const [token] = await magicLinkTokens(t.dataSource, 'ailsa.boyd@example.test');

      const stored = await t.dataSource.getRepository(AuthToken).findOneByOrFail({ personId: learner.id, kind: 'magic' });
      expect(stored.tokenHash).toBe(sha256(token));
      expect(stored.expiresAt!.getTime() - t.clock.now().getTime()).toBe(15 * MINUTE);
      expect(stored.usedAt).toBeNull();

      const exchanged = await t.http.post('/api/auth/token').send({ token }).expect(200);
      expect(exchanged.body).toEqual({
        accessToken: expect.any(String),
        expiresAt: new Date(t.clock.now().getTime() + t.environment.ACCESS_TOKEN_TTL_HOURS * 3600_000).toISOString(),
        person: expect.objectContaining({ id: learner.id, name: 'Ailsa Boyd', email: 'ailsa.boyd@example.test', roles: ['learner'] }),
      });
      const me = await t.http.get('/api/people/me').set('Authorization', `Bearer ${exchanged.body.accessToken}`).expect(200);
      expect(me.body.id).toBe(learner.id);
      const access = await t.dataSource.getRepository(AuthToken).findOneByOrFail({ personId: learner.id, kind: 'access' });
      expect(access.tokenHash).toBe(sha256(exchanged.body.accessToken));

      const again = await t.http.post('/api/auth/token').send({ token }).expect(401);
      expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await t.dataSource.getRepository(AuthToken).findOneByOrFail({ id: stored.id })).usedAt).not.toBeNull();
    });

    it('lets exactly one of three simultaneous exchanges of the same link win', async () => {
      const learner = await person();
      const token = await requestMagicToken(t, learner.email!);
      const answers = await Promise.all([1, 2, 3].map(() => t.http.post('/api/auth/token').send({ token })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401]);
      expect(await t.dataSource.getRepository(AuthToken).countBy({ personId: learner.id, kind: 'access' })).toBe(1);
    });

    it('refuses a link after its 15 minutes', async () => {
      const learner = await person();
      const token = await requestMagicToken(t, learner.email!);
      t.clock.advance(16 * MINUTE);
      await t.http.post('/api/auth/token').send({ token }).expect(401);
      expect(await t.dataSource.getRepository(AuthToken).countBy({ personId: learner.id, kind: 'access' })).toBe(0);
    });

    it('access tokens expire after ACCESS_TOKEN_TTL_HOURS', async () => {
      const learner = await person();
      const accessToken = await signInByMagicLink(t, learner.email!);
      t.clock.advance(t.environment.ACCESS_TOKEN_TTL_HOURS * 3600_000 - MINUTE);
      await t.http.get('/api/people/me').set('Authorization', `Bearer ${accessToken}`).expect(200);
      t.clock.advance(2 * MINUTE);
      await t.http.get('/api/people/me').set('Authorization', `Bearer ${accessToken}`).expect(401);
    });

    it('answers an unknown, erased or inactive address exactly like a known one, and sends nothing', async () => {
      const known = await person();
      const inactive = await person({ active: false });
      const knownAnswer = await t.http.post('/api/auth/magic-link').send({ email: known.email }).expect(202);
      for (const email of ['nobody@example.test', inactive.email!]) {
        const answer = await t.http.post('/api/auth/magic-link').send({ email }).expect(202);
        expect(answer.body).toEqual(knownAnswer.body);
        expect(answer.headers['content-type']).toEqual(knownAnswer.headers['content-type']);
        await linkRequestsHandled(t.dataSource);
        expect(await outboxTo(email)).toBe(0);
      }
      expect(await t.dataSource.getRepository(AuthToken).countBy({ personId: inactive.id })).toBe(0);
    });

    it('keeps neither addresses nor client addresses in the request log, only their hashes', async () => {
      await t.http.post('/api/auth/magic-link').send({ email: 'hash.me@example.test' }).expect(202);
      const rows = await t.dataSource.getRepository(MagicLinkRequest).find();
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toMatch(/hash\.me|127\.0\.0\.1/);
      expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.addressHash) && /^[0-9a-f]{64}$/.test(row.clientHash))).toBe(true);
    });

    it('refuses a token of another kind, an unknown token and a malformed body', async () => {
      const { token: accessToken } = await makeSignedIn(t.dataSource, organisationId, ['learner']);
      await t.http.post('/api/auth/token').send({ token: accessToken }).expect(401);
      await t.http.post('/api/auth/token').send({ token: 'not-a-token' }).expect(401);
      await t.http.post('/api/auth/token').send({ token: 'x'.repeat(10_000) }).expect(400);
      await t.http.post('/api/auth/token').send({ token: 42 }).expect(400);
      await t.http.post('/api/auth/magic-link').send({ email: 'not-an-address' }).expect(400);
      await t.http.post('/api/auth/magic-link').send({ email: 'a@example.test', extra: 1 }).expect(400);
    });
  });

  describe('logout', () => {
    it('revokes the calling token only', async () => {
      const learner = await person();
      const first = await signInByMagicLink(t, learner.email!);
      const second = await signInByMagicLink(t, learner.email!);
      await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${first}`).expect(204);
      await t.http.get('/api/people/me').set('Authorization', `Bearer ${first}`).expect(401);
      await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${first}`).expect(401);
      await t.http.get('/api/people/me').set('Authorization', `Bearer ${second}`).expect(200);
      const revoked = await t.dataSource.getRepository(AuthToken).findOneByOrFail({ tokenHash: sha256(first) });
      expect(revoked.revokedAt).not.toBeNull();
    });
  });

  describe('API tokens', () => {
    it('admins issue a token shown once and stored hashed, list it without the secret, and revoke it', async () => {
      const admin = await makeSignedIn(t.dataSource, organisationId, ['admin']);
      const integration = await person({ roles: ['manager'] });

      const created = await t.http
        .post('/api/auth/api-tokens')
        .set(admin.auth)
        .send({ personId: integration.id, name: 'HR nightly import' })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        token: expect.any(String),
        name: 'HR nightly import',
        personId: integration.id,
        personName: integration.name,
      });
      const row = await t.dataSource.getRepository(AuthToken).findOneByOrFail({ id: created.body.id });
      expect(row).toMatchObject({ kind: 'api', personId: integration.id, name: 'HR nightly import', expiresAt: null });
      expect(row.tokenHash).toBe(sha256(created.body.token));

      const apiAuth = { Authorization: `Bearer ${created.body.token}` };
      expect((await t.http.get('/api/people/me').set(apiAuth).expect(200)).body.id).toBe(integration.id);

      const listed = await t.http.get('/api/auth/api-tokens').query({ personId: integration.id }).set(admin.auth).expect(200);
      expect(listed.body).toEqual({
        items: [
          {
            id: created.body.id,
            name: 'HR nightly import',
            personId: integration.id,
            personName: integration.name,
            createdAt: expect.any(String),
            revokedAt: null,
          },
        ],
        total: 1,
      });
      expect(JSON.stringify(listed.body)).not.toContain(created.body.token);

      await t.http.delete(`/api/auth/api-tokens/${created.body.id}`).set(admin.auth).expect(204);
      await t.http.get('/api/people/me').set(apiAuth).expect(401);
      await t.http.delete(`/api/auth/api-tokens/${created.body.id}`).set(admin.auth).expect(204);
    });

    it('refuses non-admins, unknown people and unknown or non-API tokens', async () => {
      const admin = await makeSignedIn(t.dataSource, organisationId, ['admin']);
      const manager = await makeSignedIn(t.dataSource, organisationId, ['manager']);
      await t.http.post('/api/auth/api-tokens').set(manager.auth).send({ personId: manager.person.id, name: 'x' }).expect(403);
      await t.http
        .post('/api/auth/api-tokens')
        .set(admin.auth)
        .send({ personId: '00000000-0000-4000-8000-000000000000', name: 'x' })
        .expect(404);
      await t.http.post('/api/auth/api-tokens').set(admin.auth).send({ personId: 'nope', name: '' }).expect(400);
      const accessTokenRow = await t.dataSource.getRepository(AuthToken).findOneByOrFail({ personId: manager.person.id });
      await t.http.delete(`/api/auth/api-tokens/${accessTokenRow.id}`).set(admin.auth).expect(404);
      await t.http.delete('/api/auth/api-tokens/not-a-uuid').set(admin.auth).expect(400);
      expect(await t.dataSource.getRepository(AuthToken).countBy({ kind: 'api', personId: manager.person.id })).toBe(0);
      expect((await t.dataSource.getRepository(AuthToken).findOneByOrFail({ id: accessTokenRow.id })).revokedAt).toBeNull();
    });
  });
});

describe(`sign-in links over HTTPS (${testDialect()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL: 'https://training.example.nhs.uk' } });
  });
  afterAll(() => t.close());

  it('links to the public address', async () => {
    const organisation = await makeOrganisation(t.dataSource);
    const learner = await makePerson(t.dataSource, { organisationId: organisation.id });
    await t.http.post('/api/auth/magic-link').send({ email: learner.email }).expect(202);
    await linkRequestsHandled(t.dataSource);
    const [message] = await t.dataSource.getRepository(OutboxMessage).findBy({ recipient: learner.email! });
    expect(message.textBody).toContain('https://training.example.nhs.uk/auth/callback?token=');
  });
});

describe(`bootstrap admin (${testDialect()})`, () => {
  it('creates the ADMIN_EMAIL admin in a new library-service organisation, once, and they sign in by magic link', async () => {
    const t = await createTestApp({ env: { ADMIN_EMAIL: 'Library.Admin@example.test' } });
    try {
      const admins = await t.dataSource.getRepository(Person).findBy({ emailKey: 'library.admin@example.test' });
      expect(admins).toHaveLength(1);
      expect(admins[0]).toMatchObject({ roles: ['admin'], active: true, email: 'Library.Admin@example.test' });
      const organisations = await t.dataSource.getRepository(Organisation).find();
      expect(organisations).toEqual([expect.objectContaining({ code: 'NHSAA-LIB', name: 'NHS Ayrshire & Arran Library Service' })]);
      expect(admins[0].organisationId).toBe(organisations[0].id);

      // Starting again changes nothing.
      await t.app.get(AdminBootstrapService).onApplicationBootstrap();
      expect(await t.dataSource.getRepository(Person).count()).toBe(1);

      const accessToken = await signInByMagicLink(t, 'Library.Admin@example.test');
      await t.http.get('/api/people').set('Authorization', `Bearer ${accessToken}`).expect(200);
    } finally {
      await t.close();
    }
  });

  it('adds the admin to the first organisation, or makes an existing person with that address admin', async () => {
    const t = await createTestApp();
    try {
      const first = await makeOrganisation(t.dataSource, { createdAt: new Date('2020-01-01T00:00:00Z') });
      await makeOrganisation(t.dataSource);
      const bootstrap = t.app.get(AdminBootstrapService);

      t.environment.ADMIN_EMAIL = 'first.admin@example.test';
      await bootstrap.onApplicationBootstrap();
      const created = await t.dataSource.getRepository(Person).findOneByOrFail({ emailKey: 'first.admin@example.test' });
      expect(created).toMatchObject({ organisationId: first.id, roles: ['admin'] });

      // An admin exists now: another address is left alone.
      t.environment.ADMIN_EMAIL = 'second.admin@example.test';
      await bootstrap.onApplicationBootstrap();
      expect(await t.dataSource.getRepository(Person).countBy({ emailKey: 'second.admin@example.test' })).toBe(0);

      // With no active admin left, an existing learner with the address gains the role.
      await t.dataSource.getRepository(Person).update(created.id, { active: false });
      const learner = await makePerson(t.dataSource, { organisationId: first.id, email: 'second.admin@example.test' });
      await bootstrap.onApplicationBootstrap();
      expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: learner.id })).roles).toEqual(['learner', 'admin']);
    } finally {
      await t.close();
    }
  });

  if (testDialect() === 'postgres') {
    it('creates one admin when two instances start together on one database', async () => {
      const database = await createTestDatabase();
      const migrated = await createTestApp({ databaseUrl: database.url });
      const instances = await Promise.all(
        [1, 2].map(() => createTestApp({ databaseUrl: database.url, env: { ADMIN_EMAIL: 'together@example.test' } })),
      );
      try {
        expect(await migrated.dataSource.getRepository(Person).countBy({ emailKey: 'together@example.test' })).toBe(1);
        expect(await migrated.dataSource.getRepository(Organisation).count()).toBe(1);
      } finally {
        for (const instance of [...instances, migrated]) await instance.close();
        await database.drop();
      }
    });
  }
});
