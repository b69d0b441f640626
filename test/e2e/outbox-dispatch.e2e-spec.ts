import { DataSource } from 'typeorm';
import { createDataSource, dataSourceOptions } from '../../src/database/data-source-options';
import { Transactions } from '../../src/database/transactions';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { OutboxService, OutgoingMail } from '../../src/notifications/outbox.service';
import { makeOrganisation, makeSignedIn, SignedInPerson } from '../factories';
import { eventually } from '../support/eventually';
import { calendarParts, SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

const NOW = '2026-03-02T09:00:00.000Z';

/** A plain message: not a sign-in link, which the dispatcher never sends once expired (these tests move the clock by hours). */
function mail(index: number, overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    kind: 'welcome',
    recipient: `person${index}@example.test`,
    subject: `Message ${index}`,
    textBody: `Text ${index}`,
    htmlBody: `<p>HTML ${index}</p>`,
    ...overrides,
  };
}

async function enqueue(t: TestApp, mails: OutgoingMail[]): Promise<void> {
  const outbox = t.app.get(OutboxService);
  await t.app.get(Transactions).run(async (manager) => {
    for (const one of mails) await outbox.enqueue(manager, one);
  });
}

function rows(t: TestApp): Promise<OutboxMessage[]> {
  return t.dataSource.getRepository(OutboxMessage).find({ order: { createdAt: 'ASC', subject: 'ASC' } });
}

/** Lets the dispatcher loop (every 50 ms in tests) run several more rounds. */
const severalRounds = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('outbox delivery over SMTP', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let admin: SignedInPerson;
  let learner: SignedInPerson;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ now: NOW, env: { SMTP_URL: sink.url, MAIL_FROM: 'training@library.test' } });
    const organisation = await makeOrganisation(t.dataSource);
    admin = await makeSignedIn(t.dataSource, organisation.id, ['admin']);
    learner = await makeSignedIn(t.dataSource, organisation.id, ['learner', 'trainer', 'manager']);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });
  beforeEach(async () => {
    if (!sink.running) await sink.restart();
    await eventually(async () => expect((await rows(t)).filter((row) => row.status === 'pending')).toEqual([]));
    await t.dataSource.getRepository(OutboxMessage).clear();
    sink.received.length = 0;
    sink.rejectedRecipients.clear();
    sink.transientRejections = 0;
  });

  it('sends each message once, marks it sent and keeps the calendar part', async () => {
    const calendar = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n';
    await enqueue(t, [mail(1, { calendar: { method: 'REQUEST', content: calendar } }), mail(2)]);

    await sink.waitFor(2);
    const stored = await eventually(async () => {
      const all = await rows(t);
      expect(all.map((row) => row.status)).toEqual(['sent', 'sent']);
      return all;
    });
    expect(stored.map((row) => [row.attempts, row.sentAt?.toISOString(), row.lockedUntil])).toEqual([
      [1, NOW, null],
      [1, NOW, null],
    ]);
    const first = sink.to('person1@example.test');
    expect(first).toHaveLength(1);
    expect(first[0].envelope.from).toBe('training@library.test');
    expect(first[0].parsed.from?.value).toEqual([{ name: 'Library training', address: 'training@library.test' }]);
    expect(first[0].parsed.messageId).toBe(`<${stored[0].id}@localhost>`);
    expect(first[0].parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(first[0].parsed.text).toBe('Text 1');
    expect(first[0].parsed.html).toBe('<p>HTML 1</p>');
    const parts = calendarParts(first[0]);
    expect(parts.alternative).toEqual({ method: 'REQUEST', charset: 'utf-8', content: calendar });
    expect(parts.attachment).toBe(calendar);
    expect(calendarParts(sink.to('person2@example.test')[0])).toEqual({ alternative: null, attachment: null });
  });

  it('keeps mail through an SMTP outage and delivers all of it, once, when the server is back', async () => {
    await sink.stop();
    await enqueue(t, [1, 2, 3, 4, 5].map((index) => mail(index)));

    const waiting = await eventually(async () => {
      const all = await rows(t);
      expect(all.map((row) => [row.status, row.attempts])).toEqual(Array(5).fill(['pending', 1]));
      return all;
    });
    for (const row of waiting) {
      expect(row.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(new Date(NOW).getTime());
      expect(row.lockedUntil).toBeNull();
    }
    // The clock has not moved: the back-off holds and nothing is tried again.
    await severalRounds();
    expect((await rows(t)).map((row) => row.attempts)).toEqual([1, 1, 1, 1, 1]);

    await sink.restart();
    t.clock.advance(60_000);
    await sink.waitFor(5);
    await eventually(async () => expect((await rows(t)).map((row) => [row.status, row.attempts])).toEqual(Array(5).fill(['sent', 2])));
    await severalRounds();
    expect(sink.received).toHaveLength(5);
    const messageIds = sink.received.map((received) => received.parsed.messageId).sort();
    expect(messageIds).toEqual(waiting.map((row) => `<${row.id}@localhost>`).sort());
    t.clock.set(NOW);
  });

  it('retries a 4xx reply after the back-off', async () => {
    sink.transientRejections = 1;
    await enqueue(t, [mail(1)]);
    const [waiting] = await eventually(async () => {
      const all = await rows(t);
      expect(all.map((row) => [row.status, row.attempts])).toEqual([['pending', 1]]);
      return all;
    });
    expect(waiting.lastError).toContain('451');
    const delay = waiting.nextAttemptAt.getTime() - new Date(NOW).getTime();
    expect(delay).toBeGreaterThanOrEqual(24_000);
    expect(delay).toBeLessThanOrEqual(36_000);
    expect(sink.received).toHaveLength(0);

    t.clock.advance(delay);
    await sink.waitFor(1);
    await eventually(async () => expect((await rows(t)).map((row) => [row.status, row.attempts])).toEqual([['sent', 2]]));
    t.clock.set(NOW);
  });

  it('marks a permanent 550 rejection failed at once, lists it for admins and sends it after a retry', async () => {
    sink.rejectedRecipients.add('gone@example.test');
    await enqueue(t, [mail(1, { recipient: 'gone@example.test', subject: 'Undeliverable' })]);
    const [failed] = await eventually(async () => {
      const all = await rows(t);
      expect(all.map((row) => [row.status, row.attempts])).toEqual([['failed', 1]]);
      return all;
    });
    expect(failed.lastError).toContain('550');

    const listed = await t.http.get('/api/admin/outbox?status=failed').set(admin.auth).expect(200);
    expect(listed.body).toEqual({
      total: 1,
      items: [
        {
          id: failed.id,
          kind: 'welcome',
          recipient: 'gone@example.test',
          subject: 'Undeliverable',
          status: 'failed',
          attempts: 1,
          lastError: failed.lastError,
          createdAt: NOW,
          sentAt: null,
          nextAttemptAt: null,
        },
      ],
    });
    await t.http.get('/api/admin/outbox?status=sent').set(admin.auth).expect(200, { items: [], total: 0 });

    sink.rejectedRecipients.clear();
    const retried = await t.http.post(`/api/admin/outbox/${failed.id}/retry`).set(admin.auth).expect(200);
    expect(retried.body).toMatchObject({ id: failed.id, status: 'pending', attempts: 0, nextAttemptAt: NOW });
    await sink.waitFor(1);
    await eventually(async () => expect((await rows(t)).map((row) => row.status)).toEqual(['sent']));
    expect(sink.to('gone@example.test')).toHaveLength(1);

    const again = await t.http.post(`/api/admin/outbox/${failed.id}/retry`).set(admin.auth).expect(409);
    expect(again.body).toMatchObject({ status: 409, type: expect.stringContaining('outbox-not-failed') });
  });

  it('answers bad admin requests with problem details and lets only admins in', async () => {
    await t.http.get('/api/admin/outbox').set(learner.auth).expect(403);
    await t.http.get('/api/admin/outbox').expect(401);
    await t.http.post('/api/admin/outbox/00000000-0000-4000-8000-000000000000/retry').set(learner.auth).expect(403);
    const badStatus = await t.http.get('/api/admin/outbox?status=lost&limit=501&offset=-1').set(admin.auth).expect(400);
    expect(badStatus.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['limit', 'offset', 'status']);
    await t.http.get('/api/admin/outbox?colour=red').set(admin.auth).expect(400);
    await t.http.post('/api/admin/outbox/not-a-uuid/retry').set(admin.auth).expect(400);
    await t.http.post('/api/admin/outbox/00000000-0000-4000-8000-000000000000/retry').set(admin.auth).expect(404);
  });

  it('pages the admin list newest first', async () => {
    for (const index of [1, 2, 3]) {
      await enqueue(t, [mail(index)]);
      t.clock.advance(1000);
    }
    await sink.waitFor(3);
    const page = await t.http.get('/api/admin/outbox?limit=2&offset=0').set(admin.auth).expect(200);
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((item: { subject: string }) => item.subject)).toEqual(['Message 3', 'Message 2']);
    const rest = await t.http.get('/api/admin/outbox?limit=2&offset=2').set(admin.auth).expect(200);
    expect(rest.body.items.map((item: { subject: string }) => item.subject)).toEqual(['Message 1']);
    t.clock.set(NOW);
  });
});

describe('outbox delivery limits and shutdown', () => {
  it('gives up after MAIL_MAX_ATTEMPTS transient failures', async () => {
    const sink = await SmtpSink.start();
    const t = await createTestApp({ now: NOW, env: { SMTP_URL: sink.url, MAIL_MAX_ATTEMPTS: '2' } });
    try {
      sink.transientRejections = 5;
      await enqueue(t, [mail(1)]);
      await eventually(async () => expect((await rows(t)).map((row) => [row.status, row.attempts])).toEqual([['pending', 1]]));
      t.clock.advance(3600_000);
      const [failed] = await eventually(async () => {
        const all = await rows(t);
        expect(all.map((row) => [row.status, row.attempts])).toEqual([['failed', 2]]);
        return all;
      });
      expect(failed.lastError).toContain('451');
      expect(sink.received).toHaveLength(0);
    } finally {
      await t.close();
      await sink.stop();
    }
  });

  it('finishes the send in progress when the application shuts down', async () => {
    const sink = await SmtpSink.start();
    sink.acceptDelayMs = 500;
    const database = await createTestDatabase();
    const t = await createTestApp({ now: NOW, env: { SMTP_URL: sink.url }, databaseUrl: database.url });
    let reader: DataSource | undefined;
    try {
      await enqueue(t, [mail(1)]);
      await eventually(() => expect(sink.dataStarted).toBe(1));
      await t.close();
      expect(sink.received).toHaveLength(1);
      reader = await createDataSource(dataSourceOptions(database.url)).initialize();
      const stored = await reader.getRepository(OutboxMessage).find();
      expect(stored.map((row) => [row.status, row.attempts])).toEqual([['sent', 1]]);
    } finally {
      await reader?.destroy();
      await database.drop();
      await sink.stop();
    }
  });
});
