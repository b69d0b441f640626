/**
 * Mail dispatcher throughput (issue 14, point 17): how many messages per second the dispatcher
 * hands to a local SMTP server, and how long a sign-in link waits when it arrives behind a bulk
 * of booking mail.
 *
 *   npm run bench:mail                   # temporary SQLite file
 *   npm run bench:mail -- postgres       # scratch PostgreSQL database (PG_ADMIN_URL), dropped afterwards
 *   BENCH_MAILS=300 npm run bench:mail   # another bulk size (default 1,000)
 *
 * The application runs as in production (MAIL_POLL_INTERVAL_MS 2000, SMTP_URL) against the
 * test suite's SMTP sink on loopback, in the same process: the sink parses every message it
 * receives, so the figures include that work and are a floor for a separate mail server.
 * Bulk messages are booking confirmations with their calendar invitation, as the service
 * writes them.
 *
 * Prints figures; asserts only that every message arrived once.
 */
import { loadavg } from 'node:os';
import { Clock } from '../../src/common/clock';
import { Transactions } from '../../src/database/transactions';
import { AccountMailer } from '../../src/notifications/account-mailer.service';
import { buildInvitation } from '../../src/notifications/invitation-builder';
import { bookingConfirmedMail } from '../../src/notifications/mail-templates';
import { OutboxService, OutgoingMail } from '../../src/notifications/outbox.service';
import { makeOrganisation, makePerson } from '../factories';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';

const dialect = process.argv[2] === 'postgres' || process.env.BENCH_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
const MAILS = Number(process.env.BENCH_MAILS ?? 1000);
const POLL_INTERVAL_MS = 2000;

function bookingMail(index: number, now: Date): OutgoingMail {
  const startsAt = new Date(now.getTime() + 7 * 24 * 3600_000);
  const endsAt = new Date(startsAt.getTime() + 2 * 3600_000);
  const person = { id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, name: `Person ${index}`, email: `bulk${index}@example.test` };
  const course = { title: 'Literature searching for social work practice', description: 'Find research for your practice, fast.' };
  const trainers = [{ name: 'Morag Trainer' }];
  const mail = bookingConfirmedMail({
    personName: person.name,
    bookingUrl: `http://localhost:3999/bookings/${person.id}`,
    courseTitle: course.title,
    courseDescription: course.description,
    startsAt,
    endsAt,
    timezone: 'Europe/London',
    location: 'Crosshouse Hospital library',
    onlineUrl: null,
    trainerNames: ['Morag Trainer'],
  });
  const invitation = buildInvitation({
    method: 'REQUEST',
    session: { id: '11111111-1111-4111-8111-111111111111', startsAt, endsAt, timezone: 'Europe/London', location: 'Crosshouse Hospital library', onlineUrl: null, status: 'scheduled' },
    course,
    trainers,
    person,
    sequence: 1,
    organizerEmail: 'training@library.test',
    uidDomain: 'localhost',
    stamp: now,
  });
  return {
    kind: 'booking-confirmed',
    recipient: person.email,
    subject: mail.subject,
    textBody: mail.text,
    htmlBody: mail.html,
    calendar: { method: 'REQUEST', content: invitation },
  };
}

async function enqueueBulk(t: TestApp, count: number): Promise<void> {
  const outbox = t.app.get(OutboxService);
  const now = t.app.get(Clock).now();
  await t.app.get(Transactions).run(async (manager) => {
    for (let index = 0; index < count; index++) await outbox.enqueue(manager, bookingMail(index, now));
  });
}

async function waitForMail(sink: SmtpSink, count: number): Promise<void> {
  await sink.waitFor(count, 10 * 60_000);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (count: number, ms: number) => `${(count / (ms / 1000)).toFixed(0)} messages/s`;

async function main(): Promise<void> {
  if (dialect === 'postgres') process.env.TEST_DATABASE = 'postgres';
  const sink = await SmtpSink.start();
  const arrivals: number[] = [];
  const received = sink.received;
  const push = received.push.bind(received);
  received.push = (...mails) => {
    for (let i = 0; i < mails.length; i++) arrivals.push(performance.now());
    return push(...mails);
  };
  const t = await createTestApp({ env: { SMTP_URL: sink.url, MAIL_POLL_INTERVAL_MS: String(POLL_INTERVAL_MS), MAIL_FROM: 'training@library.test' } });
  console.log(`mail dispatcher on ${dialect}, ${MAILS.toLocaleString('en-GB')} booking messages, poll interval ${POLL_INTERVAL_MS} ms, load ${loadavg()[0].toFixed(2)}`);
  try {
    // 1. Throughput: a bulk of booking mail, from commit to the last message at the server.
    let started = performance.now();
    await enqueueBulk(t, MAILS);
    const committed = performance.now();
    console.log(`  enqueued ${MAILS} in one transaction: ${seconds(committed - started)}`);
    await waitForMail(sink, MAILS);
    const first = arrivals[0];
    const last = arrivals[MAILS - 1];
    console.log(`  first message after commit: ${seconds(first - committed)} (the poll interval's wait included)`);
    console.log(`  all ${MAILS} delivered ${seconds(last - committed)} after commit: ${rate(MAILS, last - committed)}`);
    console.log(`  first to last delivery: ${seconds(last - first)}: ${rate(MAILS - 1, last - first)} while draining`);

    // 2. A sign-in link requested while the dispatcher drains the same bulk again.
    received.length = 0;
    arrivals.length = 0;
    const person = await makePerson(t.dataSource, { organisationId: (await makeOrganisation(t.dataSource)).id, email: 'waiting@example.test' });
    await enqueueBulk(t, MAILS);
    await waitForMail(sink, 1);
    const ahead = received.length;
    started = performance.now();
    await t.app.get(Transactions).run((manager) =>
      t.app.get(AccountMailer).magicLink(manager, person, 'http://localhost:3999/auth/callback?token=bench', new Date(Date.now() + 15 * 60_000)),
    );
    await waitForMail(sink, MAILS + 1);
    const position = received.findIndex((mail) => mail.envelope.to.includes('waiting@example.test'));
    console.log(
      `  sign-in link requested while ${MAILS - ahead} booking messages still waited: delivered ${seconds(arrivals[position] - started)} ` +
        `after commit, as message ${position + 1} of ${MAILS + 1} (${position - ahead} booking messages went out in between)`,
    );
    if (new Set(received.map((mail) => mail.parsed.messageId)).size !== MAILS + 1) throw new Error('a message was delivered twice');
  } finally {
    await t.close();
    await sink.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
