import { EntityManager } from 'typeorm';
import { AuthToken } from '../../src/auth/auth-token.entity';
import { CredentialsService } from '../../src/auth/credentials.service';
import { Transactions } from '../../src/database/transactions';
import { Organisation } from '../../src/organisations/organisation.entity';
import { Person } from '../../src/people/person.entity';
import { makeOrganisation, makePerson, makeSignedIn, SignedInPerson } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const HEADER = 'name,email,organisation,team,jobTitle,newlyQualified';

/**
 * A token used a moment ago is answered from memory (CREDENTIAL_CACHE_TTL_MS). What revokes it
 * or changes what it stands for takes effect at once on the instance that made the change, and
 * on any other instance once its entry is CREDENTIAL_CACHE_TTL_MS old.
 */
describe(`the credential cache (${testDialect()})`, () => {
  let t: TestApp;
  let east: Organisation;
  let north: Organisation;
  let admin: SignedInPerson;
  let ttlMs: number;

  beforeAll(async () => {
    t = await createTestApp();
    ttlMs = t.environment.CREDENTIAL_CACHE_TTL_MS;
    east = await makeOrganisation(t.dataSource);
    north = await makeOrganisation(t.dataSource);
    admin = await makeSignedIn(t.dataSource, east.id, ['admin']);
  });
  afterAll(() => t.close());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const me = (instance: TestApp, token: string) => instance.http.get('/api/people/me').set(bearer(token));
  const listPeople = (instance: TestApp, token: string) => instance.http.get('/api/people').set(bearer(token));
  const seePerson = (instance: TestApp, token: string, id: string) => instance.http.get(`/api/people/${id}`).set(bearer(token));
  const learner = () => makeSignedIn(t.dataSource, east.id, ['learner']);

  /** The statements that read or write auth_token while `work` runs (other work of the app goes on meanwhile). */
  async function tokenStatements(work: () => Promise<unknown>): Promise<string[]> {
    const statements: string[] = [];
    const spy = jest.spyOn(t.dataSource.logger, 'logQuery').mockImplementation((query: string) => void statements.push(query));
    try {
      await work();
    } finally {
      spy.mockRestore();
    }
    return statements.filter((statement) => statement.includes('auth_token'));
  }

  it('answers a token used a moment ago without a database statement, and asks again after CREDENTIAL_CACHE_TTL_MS', async () => {
    const { token } = await learner();
    expect(await tokenStatements(() => me(t, token).expect(200))).not.toEqual([]);
    expect(await tokenStatements(() => me(t, token).expect(200))).toEqual([]);
    t.clock.advance(ttlMs - 1);
    expect(await tokenStatements(() => me(t, token).expect(200))).toEqual([]);
    t.clock.advance(1);
    expect(await tokenStatements(() => me(t, token).expect(200))).not.toEqual([]);
  });

  it('refuses a remembered token the moment it expires', async () => {
    const person = await makePerson(t.dataSource, { organisationId: east.id });
    const { secret } = await t.app.get(CredentialsService).issue(t.dataSource.manager, person.id, 'access', { ttlMs: 2000 });
    await me(t, secret).expect(200);
    t.clock.advance(1999);
    await me(t, secret).expect(200);
    t.clock.advance(1);
    expect(await tokenStatements(() => me(t, secret).expect(401))).toEqual([]);
  });

  it('never remembers a magic link, nor a token it refused', async () => {
    const person = await makePerson(t.dataSource, { organisationId: east.id });
    const { secret } = await t.app.get(CredentialsService).issue(t.dataSource.manager, person.id, 'magic', { ttlMs: 15 * 60_000 });
    await me(t, secret).expect(401);
    expect(await tokenStatements(() => me(t, secret).expect(401))).not.toEqual([]);

    const deactivated = await learner();
    await t.http.patch(`/api/people/${deactivated.person.id}`).set(admin.auth).send({ active: false }).expect(200);
    await me(t, deactivated.token).expect(401);
    await t.http.patch(`/api/people/${deactivated.person.id}`).set(admin.auth).send({ active: true }).expect(200);
    await me(t, deactivated.token).expect(200);
  });

  describe('on the instance that makes the change, at once', () => {
    it('signing out', async () => {
      const { auth, token } = await learner();
      await me(t, token).expect(200);
      await t.http.post('/api/auth/logout').set(auth).expect(204);
      await me(t, token).expect(401);
    });

    it('revoking an API token', async () => {
      const holder = await makePerson(t.dataSource, { organisationId: east.id });
      const issued = await t.http.post('/api/auth/api-tokens').set(admin.auth).send({ personId: holder.id, name: 'HR feed' }).expect(201);
      await me(t, issued.body.token).expect(200);
      await t.http.delete(`/api/auth/api-tokens/${issued.body.id}`).set(admin.auth).expect(204);
      await me(t, issued.body.token).expect(401);
    });

    it('deactivating a person', async () => {
      const { person, token } = await learner();
      await me(t, token).expect(200);
      await t.http.patch(`/api/people/${person.id}`).set(admin.auth).send({ active: false }).expect(200);
      await me(t, token).expect(401);
    });

    it('erasing a person', async () => {
      const { person, token } = await learner();
      await me(t, token).expect(200);
      await t.http.delete(`/api/people/${person.id}`).set(admin.auth).expect(204);
      await me(t, token).expect(401);
    });

    it('changing a person’s roles', async () => {
      const manager = await makeSignedIn(t.dataSource, east.id, ['manager']);
      await listPeople(t, manager.token).expect(200);
      await t.http.patch(`/api/people/${manager.person.id}`).set(admin.auth).send({ roles: ['learner'] }).expect(200);
      await listPeople(t, manager.token).expect(403);
    });

    it('moving a person to another organisation, by hand or by an HR import', async () => {
      const manager = await makeSignedIn(t.dataSource, east.id, ['manager']);
      const northerner = await makePerson(t.dataSource, { organisationId: north.id });
      const easterner = await makePerson(t.dataSource, { organisationId: east.id });
      await seePerson(t, manager.token, northerner.id).expect(404);
      await t.http.patch(`/api/people/${manager.person.id}`).set(admin.auth).send({ organisationId: north.id }).expect(200);
      await seePerson(t, manager.token, northerner.id).expect(200);

      await seePerson(t, manager.token, easterner.id).expect(404);
      const csv = `${HEADER}\n${manager.person.name},${manager.person.email},${east.code},,,no\n`;
      const imported = await t.http.post('/api/people/import').set(admin.auth).set('Content-Type', 'text/csv').send(csv).expect(200);
      expect(imported.body).toMatchObject({ updated: 1 });
      await seePerson(t, manager.token, easterner.id).expect(200);
    });
  });

  /**
   * On SQLite every unit of a group runs in one open transaction on the connection reads share: a
   * lookup must wait for the group to end, not read a write that its unit then rolls back.
   */
  describe('a change whose unit of work fails', () => {
    const changes = {
      'signing out': (manager: EntityManager, personId: string) => manager.update(AuthToken, { personId }, { revokedAt: t.clock.now() }),
      'deactivating the person': (manager: EntityManager, personId: string) => manager.update(Person, { id: personId }, { active: false }),
    };

    it.each(Object.keys(changes) as Array<keyof typeof changes>)('%s: a lookup made after the write, before the failure, still finds the actor', async (change) => {
      const { person, token } = await learner();
      const credentials = t.app.get(CredentialsService);
      let lookup: Promise<unknown> | undefined;
      const failed = t.app.get(Transactions).run(async (manager) => {
        await changes[change](manager, person.id);
        lookup = credentials.authenticate(token);
        // Time enough for a lookup that does not wait for the group to read the uncommitted write.
        await Promise.race([lookup, new Promise((resolve) => setTimeout(resolve, 100))]);
        throw new Error('the unit of work fails after its write');
      });
      await expect(failed).rejects.toThrow('the unit of work fails after its write');
      expect(await lookup).toMatchObject({ personId: person.id });
      await me(t, token).expect(200);
    });
  });

  // SQLite is for one instance per file (two in one test process would wait on each other's lock).
  if (testDialect() === 'postgres') {
    describe('on another instance sharing the database', () => {
      let other: TestApp;

      beforeAll(async () => {
        other = await createTestApp({ databaseUrl: t.databaseUrl });
      });
      afterAll(() => other.close());

      it(`takes effect once the entry is CREDENTIAL_CACHE_TTL_MS old, not before`, async () => {
        const signedOut = await learner();
        const deactivated = await learner();
        const erased = await learner();
        const demoted = await makeSignedIn(t.dataSource, east.id, ['manager']);
        const moved = await makeSignedIn(t.dataSource, east.id, ['manager']);
        const northerner = await makePerson(t.dataSource, { organisationId: north.id });
        const holder = await makePerson(t.dataSource, { organisationId: east.id });
        const api = (await t.http.post('/api/auth/api-tokens').set(admin.auth).send({ personId: holder.id, name: 'Feed' }).expect(201)).body as {
          id: string;
          token: string;
        };

        /** What the other instance answers each of them, with the status each answer had before the changes. */
        const answers = async () => ({
          signedOut: (await me(other, signedOut.token)).status,
          api: (await me(other, api.token)).status,
          deactivated: (await me(other, deactivated.token)).status,
          erased: (await me(other, erased.token)).status,
          demoted: (await listPeople(other, demoted.token)).status,
          moved: (await seePerson(other, moved.token, northerner.id)).status,
        });
        const before = { signedOut: 200, api: 200, deactivated: 200, erased: 200, demoted: 200, moved: 404 };
        expect(await answers()).toEqual(before);

        await t.http.post('/api/auth/logout').set(signedOut.auth).expect(204);
        await t.http.delete(`/api/auth/api-tokens/${api.id}`).set(admin.auth).expect(204);
        await t.http.patch(`/api/people/${deactivated.person.id}`).set(admin.auth).send({ active: false }).expect(200);
        await t.http.delete(`/api/people/${erased.person.id}`).set(admin.auth).expect(204);
        await t.http.patch(`/api/people/${demoted.person.id}`).set(admin.auth).send({ roles: ['learner'] }).expect(200);
        await t.http.patch(`/api/people/${moved.person.id}`).set(admin.auth).send({ organisationId: north.id }).expect(200);

        other.clock.advance(ttlMs - 1);
        expect(await answers()).toEqual(before);
        other.clock.advance(1);
        expect(await answers()).toEqual({ signedOut: 401, api: 401, deactivated: 401, erased: 401, demoted: 403, moved: 200 });
      });
    });
  }
});
