import { IsNull } from 'typeorm';
import { AuthToken } from '../../src/auth/auth-token.entity';
import { MagicLinkRequest } from '../../src/auth/magic-link-request.entity';
import { MagicLinkIssuer } from '../../src/auth/magic-link-issuer.service';
import { MAGIC_LINK_TTL_MS } from '../../src/auth/magic-link-policy';
import { SignInPurge, SPENT_TOKEN_GRACE_MS } from '../../src/auth/sign-in-purge.service';
import { TokenExchangeFailure } from '../../src/auth/token-exchange-failure.entity';
import { MailDispatcher } from '../../src/notifications/mail-dispatcher.service';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { REDACTED_SIGN_IN_MAIL } from '../../src/notifications/sign-in-mail-redaction';
import { makeOrganisation, makePerson, makeSignedIn } from '../factories';
import { eventually } from '../support/eventually';
import { linkRequestsHandled, magicLinkTokens, requestMagicToken } from '../support/magic-link';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The dispatcher sends only when a test asks it to. */
const MANUAL_DISPATCH = { MAIL_POLL_INTERVAL_MS: '600000' };

describe(`purging sign-in secrets (${testDialect()})`, () => {
  let t: TestApp;
  let organisationId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: MANUAL_DISPATCH });
    organisationId = (await makeOrganisation(t.dataSource)).id;
  });
  afterAll(() => t.close());

  const purge = () => t.app.get(SignInPurge).purge();
  const dispatch = () => t.app.get(MailDispatcher).dispatchDue();
  const signInMail = (personId: string) => t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ personId, kind: 'magic-link' });
  const tokensOf = async (personId: string) =>
    (await t.dataSource.getRepository(AuthToken).findBy({ personId })).map((row) => row.kind).sort();

  it('redacts sign-in e-mails once sent or expired, then deletes spent tokens and old rate-limit rows', async () => {
    const signedIn = await makePerson(t.dataSource, { organisationId });
    const link = await requestMagicToken(t, signedIn.email!);
    expect((await dispatch()).sent).toBe(1);
    const session = await t.http.post('/api/auth/token').send({ token: link }).expect(200);
    const waiting = await makePerson(t.dataSource, { organisationId });
    const unsentLink = await requestMagicToken(t, waiting.email!);
    const leaver = await makeSignedIn(t.dataSource, organisationId, ['learner']);
    await t.http.post('/api/auth/logout').set(leaver.auth).expect(204);
    const integration = await makeSignedIn(t.dataSource, organisationId, ['manager']);
    await t.dataSource.getRepository(AuthToken).update({ personId: integration.person.id }, { kind: 'api', expiresAt: null });
    await t.http.post('/api/auth/token').send({ token: 'not-a-token' }).expect(401);
    expect(await t.dataSource.getRepository(TokenExchangeFailure).count()).toBeGreaterThan(0);

    // Sent: the link leaves the outbox at once. Not yet sent and still valid: kept for delivery.
    await purge();
    const sent = await signInMail(signedIn.id);
    expect(sent).toMatchObject({ status: 'sent', textBody: REDACTED_SIGN_IN_MAIL.text, htmlBody: REDACTED_SIGN_IN_MAIL.html });
    expect(JSON.stringify(sent)).not.toContain(link);
    expect((await signInMail(waiting.id)).textBody).toContain(unsentLink);
    expect(await magicLinkTokens(t.dataSource, waiting.email!)).toEqual([unsentLink]);

    // Expired before delivery: redacted and never sent.
    t.clock.advance(MAGIC_LINK_TTL_MS + MINUTE);
    await purge();
    const expired = await signInMail(waiting.id);
    expect(expired).toMatchObject({ status: 'failed', textBody: REDACTED_SIGN_IN_MAIL.text, lastError: expect.stringMatching(/expired/) });
    expect((await dispatch()).sent).toBe(0);
    // Rate-limit rows that left their window are gone; the tokens are kept for a day.
    expect(await t.dataSource.getRepository(MagicLinkRequest).count()).toBe(0);
    expect(await t.dataSource.getRepository(TokenExchangeFailure).count()).toBe(0);
    expect(await tokensOf(signedIn.id)).toEqual(['access', 'magic']);
    expect(await tokensOf(waiting.id)).toEqual(['magic']);
    expect(await tokensOf(leaver.person.id)).toEqual(['access']);

    // A day after they stopped working, used, expired and revoked tokens go; working ones stay.
    t.clock.advance(SPENT_TOKEN_GRACE_MS);
    await purge();
    expect(await tokensOf(signedIn.id)).toEqual(['access']);
    expect(await tokensOf(waiting.id)).toEqual([]);
    expect(await tokensOf(leaver.person.id)).toEqual([]);
    expect(await tokensOf(integration.person.id)).toEqual(['api']);
    await t.http.get('/api/people/me').set(integration.auth).expect(200);

    // The access token expired after ACCESS_TOKEN_TTL_HOURS; a day later it goes too.
    t.clock.advance(t.environment.ACCESS_TOKEN_TTL_HOURS * HOUR);
    await t.http.get('/api/people/me').set('Authorization', `Bearer ${session.body.accessToken}`).expect(401);
    await purge();
    expect(await tokensOf(signedIn.id)).toEqual([]);
    expect(await tokensOf(integration.person.id)).toEqual(['api']);
  });

  it('never sends a sign-in e-mail whose link expired before a dispatcher took it: failed and redacted instead', async () => {
    const person = await makePerson(t.dataSource, { organisationId });
    const link = await requestMagicToken(t, person.email!);
    t.clock.advance(MAGIC_LINK_TTL_MS);

    expect(await dispatch()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    const mail = await signInMail(person.id);
    expect(mail).toMatchObject({ status: 'failed', attempts: 0, textBody: REDACTED_SIGN_IN_MAIL.text, htmlBody: REDACTED_SIGN_IN_MAIL.html, lastError: expect.stringMatching(/expired/) });
    expect(JSON.stringify(mail)).not.toContain(link);
  });

  it('keeps requests still waiting for their link, however old', async () => {
    const issuer = t.app.get(MagicLinkIssuer);
    await issuer.onModuleDestroy();
    try {
      const person = await makePerson(t.dataSource, { organisationId });
      await t.http.post('/api/auth/magic-link').send({ email: person.email }).expect(202);
      t.clock.advance(2 * HOUR);
      await purge();
      expect(await t.dataSource.getRepository(MagicLinkRequest).countBy({ pendingPersonId: person.id })).toBe(1);
    } finally {
      issuer.onApplicationBootstrap();
    }
    await linkRequestsHandled(t.dataSource);
  });
});

describe(`the purge on a schedule, in two instances (${testDialect()})`, () => {
  it('runs when an instance starts, and instances purging together do no harm', async () => {
    const first = await createTestApp({ env: MANUAL_DISPATCH });
    let second: TestApp | undefined;
    try {
      const person = await makePerson(first.dataSource, { organisationId: (await makeOrganisation(first.dataSource)).id });
      const link = await requestMagicToken(first, person.email!);
      await first.http.post('/api/auth/token').send({ token: 'not-a-token' }).expect(401);

      // Two days on, a second instance starts: its first round purges at once.
      second = await createTestApp({ databaseUrl: first.databaseUrl, env: MANUAL_DISPATCH, now: new Date(first.clock.now().getTime() + 48 * HOUR) });
      await eventually(async () => {
        expect(await first.dataSource.getRepository(AuthToken).countBy({ personId: person.id })).toBe(0);
        expect(await first.dataSource.getRepository(TokenExchangeFailure).count()).toBe(0);
        expect(await first.dataSource.getRepository(MagicLinkRequest).count()).toBe(0);
        const [mail] = await first.dataSource.getRepository(OutboxMessage).findBy({ personId: person.id });
        expect(mail.textBody).not.toContain(link);
      });

      // SQLite is for one instance per file (two in one test process would wait on each other's lock).
      if (testDialect() === 'postgres') {
        first.clock.set(second.clock.now());
        await makeSignedIn(first.dataSource, person.organisationId, ['learner']);
        await first.dataSource.getRepository(AuthToken).update({ revokedAt: IsNull() }, { revokedAt: new Date(first.clock.now().getTime() - 2 * SPENT_TOKEN_GRACE_MS) });
        const instances = [first, second, first, second];
        await Promise.all(instances.map((instance) => instance.app.get(SignInPurge).purge()));
        expect(await first.dataSource.getRepository(AuthToken).count()).toBe(0);
      }
    } finally {
      await second?.close();
      await first.close();
    }
  });
});
