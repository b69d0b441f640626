import { AuthToken } from '../../src/auth/auth-token.entity';
import { MAGIC_LINK_MAIL_LIMITS, MAGIC_LINK_RATE_LIMITS, MAGIC_LINK_TTL_MS, TOKEN_EXCHANGE_RATE_LIMITS } from '../../src/auth/magic-link-policy';
import { SignInService } from '../../src/auth/sign-in.service';
import { RateLimitedError } from '../../src/common/domain-error';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { Person } from '../../src/people/person.entity';
import { makeOrganisation, makePerson } from '../factories';
import { linkRequestsHandled, magicLinkTokens } from '../support/magic-link';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const MINUTE = 60_000;
const { perClient, perClientAndAddress, windowMs } = MAGIC_LINK_RATE_LIMITS;
const { perPerson } = MAGIC_LINK_MAIL_LIMITS;

let clientSequence = 0;
/** A client address of its own for each caller (the app trusts X-Forwarded-For from loopback). */
const newClient = () => `198.51.100.${++clientSequence}`;

describe(`sign-in limits (${testDialect()})`, () => {
  let t: TestApp;
  let organisationId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'loopback' } });
    organisationId = (await makeOrganisation(t.dataSource)).id;
  });
  afterAll(() => t.close());

  // Each test starts clear of every window, the hourly mail window included.
  beforeEach(() => t.clock.advance(2 * MAGIC_LINK_MAIL_LIMITS.windowMs));

  const person = (overrides: Partial<Person> = {}) => makePerson(t.dataSource, { organisationId, ...overrides });
  const ask = (email: string, client: string) => t.http.post('/api/auth/magic-link').set('X-Forwarded-For', client).send({ email });
  const exchange = (token: string, client: string) => t.http.post('/api/auth/token').set('X-Forwarded-For', client).send({ token });
  const linksTo = async (email: string) => {
    await linkRequestsHandled(t.dataSource);
    return t.dataSource.getRepository(OutboxMessage).countBy({ recipient: email, kind: 'magic-link' });
  };

  describe('link requests', () => {
    it("a stranger's requests for an address never block the person's own request from another client", async () => {
      const learner = await person();
      const stranger = newClient();
      for (let i = 0; i < perClientAndAddress; i++) await ask(learner.email!, stranger).expect(202);
      const limited = await ask(learner.email!.toUpperCase(), stranger).expect(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.body).toMatchObject({ status: 429, type: expect.stringContaining('rate-limited') });
      expect(Number(limited.headers['retry-after'])).toBe(windowMs / 1000);

      await ask(learner.email!, newClient()).expect(202);
      // The stranger filled the person's inbox only up to the hourly number, with links that work.
      expect(await linksTo(learner.email!)).toBe(perPerson);
      const [anyLink] = await magicLinkTokens(t.dataSource, learner.email!);
      await exchange(anyLink, newClient()).expect(200);
    });

    it('once the links a stranger caused have expired, the person is e-mailed a fresh one, and at most that one', async () => {
      const learner = await person();
      const stranger = newClient();
      for (let i = 0; i < perPerson; i++) await ask(learner.email!, stranger).expect(202);
      expect(await linksTo(learner.email!)).toBe(perPerson);
      const expired = await magicLinkTokens(t.dataSource, learner.email!);

      t.clock.advance(MAGIC_LINK_TTL_MS + MINUTE);
      // Past the hourly number and no usable link: one more goes out, then nothing while it works.
      const own = newClient();
      await ask(learner.email!, own).expect(202);
      expect(await linksTo(learner.email!)).toBe(perPerson + 1);
      await ask(learner.email!, stranger).expect(202);
      await ask(learner.email!, newClient()).expect(202);
      expect(await linksTo(learner.email!)).toBe(perPerson + 1);

      const [fresh] = (await magicLinkTokens(t.dataSource, learner.email!)).filter((token) => !expired.includes(token));
      await exchange(fresh, own).expect(200);
      // The link was used: the person's next request brings a new one.
      await ask(learner.email!, own).expect(202);
      expect(await linksTo(learner.email!)).toBe(perPerson + 2);

      // After the hour, the ordinary allowance is back: links go out although one still works.
      t.clock.advance(MAGIC_LINK_MAIL_LIMITS.windowMs);
      await ask(learner.email!, own).expect(202);
      await ask(learner.email!, own).expect(202);
      expect(await linksTo(learner.email!)).toBe(perPerson + 4);
    });

    it('requests from many clients still e-mail a person no more than the hourly number of links', async () => {
      const learner = await person();
      const answers = await Promise.all(Array.from({ length: 12 }, () => ask(learner.email!, newClient())));
      expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(202));
      expect(await linksTo(learner.email!)).toBe(perPerson);
    });

    it(`allows ${perClientAndAddress} requests per client for one address under simultaneous requests`, async () => {
      const learner = await person();
      const client = newClient();
      const answers = await Promise.all(Array.from({ length: 12 }, () => ask(learner.email!, client)));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((s) => s === 202)).toHaveLength(perClientAndAddress);
      expect(statuses.filter((s) => s === 429)).toHaveLength(12 - perClientAndAddress);
      expect(await linksTo(learner.email!)).toBe(perPerson);
    });

    it('limits unknown addresses the same way, so the limit says nothing about who exists', async () => {
      const client = newClient();
      for (let i = 0; i < perClientAndAddress; i++) await ask('ghost@example.test', client).expect(202);
      await ask('ghost@example.test', client).expect(429);
      expect(await linksTo('ghost@example.test')).toBe(0);
    });

    it(`allows ${perClient} requests per client per window, whatever the addresses, and other clients go on`, async () => {
      const client = newClient();
      for (let i = 0; i < perClient; i++) {
        await ask(`spray${i}@example.test`, client).expect(202);
        t.clock.advance(1000);
      }
      const limited = await ask('one.more@example.test', client).expect(429);
      // The first request leaves the window perClient seconds after it was made.
      expect(Number(limited.headers['retry-after'])).toBe(windowMs / 1000 - perClient);
      const learner = await person();
      await ask(learner.email!, newClient()).expect(202);
      expect(await linksTo(learner.email!)).toBe(1);
      t.clock.advance(windowMs);
      await ask('one.more@example.test', client).expect(202);
    });

    it('a rate-limited client surfaces as RateLimitedError to the web pages', async () => {
      const signIn = t.app.get(SignInService);
      const client = newClient();
      for (let i = 0; i < perClientAndAddress; i++) await signIn.requestMagicLink('web.user@example.test', client);
      const refused = signIn.requestMagicLink('web.user@example.test', client);
      await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
      await expect(refused).rejects.toMatchObject({ retryAfterSeconds: windowMs / 1000 });
    });

    it('leads the link to a same-site page named by the web pages, and to nowhere else', async () => {
      const signIn = t.app.get(SignInService);
      const learner = await person();
      await signIn.requestMagicLink(learner.email!, newClient(), { next: '/bookings?view=past' });
      await signIn.requestMagicLink(learner.email!, newClient(), { next: '//evil.example/x' });
      await signIn.requestMagicLink(learner.email!, newClient(), { next: '/\\evil.example' });
      await linkRequestsHandled(t.dataSource);
      const bodies = (await t.dataSource.getRepository(OutboxMessage).find({ where: { recipient: learner.email! }, order: { createdAt: 'ASC' } }))
        .map((message) => /http:\/\/localhost:3999\/auth\/callback\?\S+/.exec(message.textBody ?? '')![0]);
      expect(bodies).toHaveLength(3);
      expect(bodies.filter((link) => link.endsWith('&next=%2Fbookings%3Fview%3Dpast'))).toHaveLength(1);
      expect(bodies.filter((link) => /^http:\/\/localhost:3999\/auth\/callback\?token=[A-Za-z0-9_-]+$/.test(link))).toHaveLength(2);
    });
  });

  describe('token exchange', () => {
    it(`answers 429 with Retry-After after ${TOKEN_EXCHANGE_RATE_LIMITS.failuresPerClient} failed exchanges from one client`, async () => {
      const learner = await person();
      await ask(learner.email!, newClient()).expect(202);
      const [token] = await magicLinkTokens(t.dataSource, learner.email!);
      const guesser = newClient();
      for (let i = 0; i < TOKEN_EXCHANGE_RATE_LIMITS.failuresPerClient; i++) {
        await exchange(`guess-${i}`, guesser).expect(401);
        t.clock.advance(1000);
      }
      const limited = await exchange(token, guesser).expect(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.body).toMatchObject({ status: 429, type: expect.stringContaining('rate-limited') });
      expect(Number(limited.headers['retry-after'])).toBe(TOKEN_EXCHANGE_RATE_LIMITS.windowMs / 1000 - TOKEN_EXCHANGE_RATE_LIMITS.failuresPerClient);
      // The refused attempt did not use the link: another client signs in with it.
      expect(await t.dataSource.getRepository(AuthToken).countBy({ personId: learner.id, kind: 'access' })).toBe(0);
      await exchange(token, newClient()).expect(200);

      t.clock.advance(TOKEN_EXCHANGE_RATE_LIMITS.windowMs);
      await exchange('guess-again', guesser).expect(401);
    });

    it('does not count successful exchanges', async () => {
      const client = newClient();
      for (let i = 0; i < TOKEN_EXCHANGE_RATE_LIMITS.failuresPerClient + 2; i++) {
        const learner = await person();
        await ask(learner.email!, newClient()).expect(202);
        const [token] = await magicLinkTokens(t.dataSource, learner.email!);
        await exchange(token, client).expect(200);
      }
    });
  });

  if (testDialect() === 'postgres') {
    describe('two instances sharing the database', () => {
      let second: TestApp;
      beforeAll(async () => {
        second = await createTestApp({ databaseUrl: t.databaseUrl, env: { TRUST_PROXY: 'loopback' } });
      });
      afterAll(() => second.close());
      beforeEach(() => second.clock.set(t.clock.now()));

      it('count the requests of one client together', async () => {
        const learner = await person();
        const client = newClient();
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? t : second).http.post('/api/auth/magic-link').set('X-Forwarded-For', client).send({ email: learner.email }),
          ),
        );
        expect(answers.filter((answer) => answer.status === 202)).toHaveLength(perClientAndAddress);
        expect(answers.filter((answer) => answer.status === 429)).toHaveLength(10 - perClientAndAddress);
        expect(await linksTo(learner.email!)).toBe(perPerson);
      });

      it('e-mail a person no more than the hourly number of links between them', async () => {
        const learner = await person();
        const answers = await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            (i % 2 ? t : second).http.post('/api/auth/magic-link').set('X-Forwarded-For', newClient()).send({ email: learner.email }),
          ),
        );
        expect(answers.map((answer) => answer.status)).toEqual(Array(16).fill(202));
        expect(await linksTo(learner.email!)).toBe(perPerson);
        expect(await t.dataSource.getRepository(AuthToken).countBy({ personId: learner.id, kind: 'magic' })).toBe(perPerson);
      });

      it('count failed exchanges of one client together', async () => {
        const guesser = newClient();
        const answers = await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            (i % 2 ? t : second).http.post('/api/auth/token').set('X-Forwarded-For', guesser).send({ token: `guess-${i}` }),
          ),
        );
        expect(answers.filter((answer) => answer.status === 401)).toHaveLength(TOKEN_EXCHANGE_RATE_LIMITS.failuresPerClient);
        expect(answers.filter((answer) => answer.status === 429)).toHaveLength(16 - TOKEN_EXCHANGE_RATE_LIMITS.failuresPerClient);
      });
    });
  }
});
