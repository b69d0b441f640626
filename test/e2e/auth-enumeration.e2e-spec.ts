import { AuthToken } from '../../src/auth/auth-token.entity';
import { MagicLinkIssuer } from '../../src/auth/magic-link-issuer.service';
import { SignInPurge } from '../../src/auth/sign-in-purge.service';
import { MailDispatcher } from '../../src/notifications/mail-dispatcher.service';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { ReminderScheduler } from '../../src/notifications/reminder-scheduler.service';
import { makeOrganisation, makePerson } from '../factories';
import { eventually } from '../support/eventually';
import { linkRequestsHandled } from '../support/magic-link';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

/** Polls no more during the test than at start-up: every statement seen is a request's own. */
const QUIET = { MAIL_POLL_INTERVAL_MS: '600000', REMINDER_SCAN_INTERVAL_MS: '3600000', TRUST_PROXY: 'loopback' };

describe(`sign-in requests reveal nothing about the address (${testDialect()})`, () => {
  let t: TestApp;
  let organisationId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: QUIET });
    organisationId = (await makeOrganisation(t.dataSource)).id;
  });
  afterAll(() => t.close());

  /** The SQL the service runs while answering one request (statement text, parameters aside). */
  async function statementsWhileAnswering(email: string, client: string): Promise<string[]> {
    const statements: string[] = [];
    const spy = jest.spyOn(t.dataSource.logger, 'logQuery').mockImplementation((query: string) => void statements.push(query));
    try {
      await t.http.post('/api/auth/magic-link').set('X-Forwarded-For', client).send({ email }).expect(202);
    } finally {
      spy.mockRestore();
    }
    return statements;
  }

  it('answers a known and an unknown address with the same database work, and issues the link only after the answer', async () => {
    // Every background loop stopped, the link issuer included, so nothing else runs a statement.
    for (const background of [MailDispatcher, ReminderScheduler, SignInPurge, MagicLinkIssuer]) {
      await t.app.get<{ onModuleDestroy(): Promise<void> }>(background).onModuleDestroy();
    }
    const known = await makePerson(t.dataSource, { organisationId });
    // A first request of each kind warms TypeORM's metadata caches.
    await statementsWhileAnswering(known.email!, '203.0.113.1');
    await statementsWhileAnswering('stranger.1@example.test', '203.0.113.1');

    const forKnown = await statementsWhileAnswering(known.email!, '203.0.113.2');
    const forUnknown = await statementsWhileAnswering('stranger.2@example.test', '203.0.113.3');
    expect(forKnown.length).toBeGreaterThan(0);
    expect(forKnown).toEqual(forUnknown);
    expect(forKnown.join('\n')).not.toMatch(/auth_token|outbox_message/);

    // Answered, yet nothing issued or e-mailed: that work waits for the issuer.
    expect(await t.dataSource.getRepository(AuthToken).countBy({ personId: known.id })).toBe(0);
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ personId: known.id })).toBe(0);
    t.app.get(MagicLinkIssuer).onApplicationBootstrap();
    await linkRequestsHandled(t.dataSource);
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ personId: known.id, kind: 'magic-link' })).toBe(2);
  });
});

describe(`sign-in links go out promptly (${testDialect()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: QUIET });
  });
  afterAll(() => t.close());

  it('a request wakes the issuer: the link does not wait for its next round', async () => {
    const person = await makePerson(t.dataSource, { organisationId: (await makeOrganisation(t.dataSource)).id });
    await t.http.post('/api/auth/magic-link').send({ email: person.email }).expect(202);
    // The issuer's own round comes every MAIL_POLL_INTERVAL_MS (10 minutes here).
    await eventually(async () => {
      expect(await t.dataSource.getRepository(OutboxMessage).countBy({ personId: person.id, kind: 'magic-link' })).toBe(1);
    }, 5000);
  });
});
