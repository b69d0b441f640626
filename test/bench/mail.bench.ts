/**
 * Mail dispatcher throughput (issue 12, point 9): booking mail written as the facts of the
 * event and rendered by the dispatcher when it sends.
 *
 *   npm run bench:mail                   # temporary SQLite file
 *   npm run bench:mail -- postgres       # scratch PostgreSQL database (PG_ADMIN_URL), dropped afterwards
 *   BENCH_MAILS=2000 npm run bench:mail  # another bulk size (default 10,000)
 *
 * Figures:
 * 1. drain: BENCH_MAILS booking confirmations (each rendered with its invitation at send) from
 *    commit to the last one at the SMTP server, in messages/s; the SMTP connections the pool
 *    held at once; the event-loop delay (perf_hooks) of the dispatching process while it renders
 *    and sends; the CPU time of one render;
 * 2. a sign-in link queued when half the bulk is out: how long until it reaches the server;
 * 3. two service processes (as production runs them) draining a bulk together: messages/s and
 *    how many messages arrived twice (by Message-ID; must be 0).
 *
 * The SMTP server is a separate process on loopback that reads each message's headers only,
 * so the figures are the dispatcher's, not a parser's. Prints a table and writes
 * test/bench/results/mail.json.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Booking } from '../../src/bookings/booking.entity';
import { Clock } from '../../src/common/clock';
import { Transactions } from '../../src/database/transactions';
import { AccountMailer } from '../../src/notifications/account-mailer.service';
import { BookingMailRenderer } from '../../src/notifications/booking-mail-renderer';
import { MailDispatcher } from '../../src/notifications/mail-dispatcher.service';
import { PARALLEL_SENDS } from '../../src/notifications/mail-transport';
import { MAIL_PRIORITY, OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { Person } from '../../src/people/person.entity';
import { makeCourse, makeOrganisation, makePerson, makeSession } from '../factories';
import { freePort } from '../support/app-process';
import { createTestApp, TestApp } from '../support/test-app';

const dialect = process.argv[2] === 'postgres' || process.env.BENCH_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
const MAILS = Number(process.env.BENCH_MAILS ?? 10_000);
const TWO_INSTANCE_MAILS = Math.min(MAILS, 4_000);
const PEOPLE_PER_SESSION = 500;
const INSERT_CHUNK = 200;
const WATCHED = 'watch.signin@example.test';

/** A minimal SMTP server in its own process: counts messages, their Message-IDs and concurrent connections. */
const SINK_SOURCE = `
const { SMTPServer } = require('smtp-server');
const ids = new Map();
let total = 0, firstAt = 0, lastAt = 0, open = 0, maxOpen = 0;
const server = new SMTPServer({
  authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
  onConnect(session, callback) { open++; maxOpen = Math.max(maxOpen, open); callback(); },
  onClose() { open--; },
  onData(stream, session, callback) {
    let head = '';
    stream.on('data', (chunk) => { if (head.length < 8192) head += chunk.toString('latin1'); });
    stream.on('end', () => {
      const now = Date.now();
      total++; if (total === 1) firstAt = now; lastAt = now;
      const id = (/^Message-ID:\\s*(\\S+)/im.exec(head) || [])[1] || '';
      ids.set(id, (ids.get(id) || 0) + 1);
      if (session.envelope.rcptTo.some((r) => r.address === '${WATCHED}')) process.send({ type: 'watched', at: now });
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.server.address().port }));
process.on('disconnect', () => process.exit(0));
process.on('message', (message) => {
  if (message === 'reset') { ids.clear(); total = 0; firstAt = 0; lastAt = 0; maxOpen = open; }
  if (message === 'stats') process.send({ type: 'stats', total, firstAt, lastAt, maxOpen, duplicates: [...ids.values()].filter((n) => n > 1).length });
});
`;

interface SinkStats {
  total: number;
  firstAt: number;
  lastAt: number;
  maxOpen: number;
  duplicates: number;
}

class Sink {
  private watched: number[] = [];
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (message: { type: string; at?: number }) => {
      if (message.type === 'watched') this.watched.push(message.at!);
    });
  }

  static async start(): Promise<Sink> {
    const child = spawn(process.execPath, ['-e', SINK_SOURCE], { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const [message] = (await once(child, 'message')) as [{ port: number }];
    return new Sink(child, `smtp://127.0.0.1:${message.port}`);
  }

  async stats(): Promise<SinkStats> {
    const reply = new Promise<SinkStats>((resolve) => {
      const listener = (message: SinkStats & { type: string }) => {
        if (message.type !== 'stats') return;
        this.child.off('message', listener);
        resolve(message);
      };
      this.child.on('message', listener);
    });
    this.child.send('stats');
    return reply;
  }

  reset(): void {
    this.watched = [];
    this.child.send('reset');
  }

  watchedArrival(): number | undefined {
    return this.watched[0];
  }

  async waitFor(count: number, timeoutMs = 15 * 60_000): Promise<SinkStats> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stats = await this.stats();
      if (stats.total >= count) return stats;
      if (Date.now() > deadline) throw new Error(`expected ${count} messages at the SMTP server, got ${stats.total}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  stop(): void {
    this.child.kill();
  }
}

/**
 * The service as its own process (src/main.ts), as production runs it. Not the test suite's
 * startAppProcess: its minute for start-up is too short for a machine busy with benchmarks.
 */
async function startService(env: Record<string, string>): Promise<ChildProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: join(__dirname, '..', '..'),
    env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('the service exited during start-up');
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the service did not become healthy in 5 minutes');
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Sessions of PEOPLE_PER_SESSION confirmed people each, written in bulk: what the facts rows are about. */
async function seedBookings(t: TestApp, count: number): Promise<Booking[]> {
  const organisationId = (await makeOrganisation(t.dataSource)).id;
  const trainer = await makePerson(t.dataSource, { organisationId, roles: ['trainer'], name: 'Morag Trainer' });
  const bookings: Booking[] = [];
  const now = new Date();
  for (let first = 0; first < count; first += PEOPLE_PER_SESSION) {
    const size = Math.min(PEOPLE_PER_SESSION, count - first);
    const course = await makeCourse(t.dataSource, { title: `Literature searching for social work practice ${first / PEOPLE_PER_SESSION + 1}`, description: 'Find research, fast.' });
    const session = await makeSession(t.dataSource, { courseId: course.id, trainerIds: [trainer.id], capacity: 1000, confirmedCount: size });
    const people = Array.from({ length: size }, (_, index) => {
      const email = `bulk${first + index}@example.test`;
      return { id: randomUUID(), organisationId, name: `Person ${first + index}`, email, emailKey: email, searchText: null, team: null, jobTitle: null, roles: ['learner'], newlyQualified: false, libraryMember: false, active: true, erasedAt: null, calendarFeedToken: null, createdAt: now, updatedAt: now } as Partial<Person>;
    });
    const sessionBookings = people.map(
      (person) =>
        ({ id: randomUUID(), sessionId: session.id, personId: person.id!, status: 'confirmed', waitlistRank: null, bookedById: person.id!, invitationSequence: 1, createdAt: now, confirmedAt: now, cancelledAt: null }) as Booking,
    );
    for (let start = 0; start < size; start += INSERT_CHUNK) {
      await t.dataSource.getRepository(Person).insert(people.slice(start, start + INSERT_CHUNK));
      await t.dataSource.getRepository(Booking).insert(sessionBookings.slice(start, start + INSERT_CHUNK));
    }
    bookings.push(...sessionBookings);
  }
  return bookings;
}

/** Booking confirmations as the booking path writes them: the facts, no text. */
async function enqueueFacts(t: TestApp, bookings: Booking[], emailOf: Map<string, string>): Promise<void> {
  const now = t.app.get(Clock).now();
  const rows = bookings.map((booking, index) => ({
    kind: 'booking-confirmed',
    recipient: emailOf.get(booking.personId)!,
    bookingId: booking.id,
    sessionId: booking.sessionId,
    personId: booking.personId,
    calendarMethod: 'REQUEST',
    invitationSequence: 1,
    status: 'pending' as const,
    attempts: 0,
    priority: MAIL_PRIORITY.normal,
    nextAttemptAt: now,
    // Distinct creation times keep the claim order the order of enqueueing.
    createdAt: new Date(now.getTime() - bookings.length + index),
  }));
  await t.app.get(Transactions).run(async (manager) => {
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) await manager.insert(OutboxMessage, rows.slice(start, start + INSERT_CHUNK));
  });
}

/** CPU time of one render, measured on a claimed-size batch rendered over and over. */
async function renderCost(t: TestApp, bookings: Booking[], emailOf: Map<string, string>): Promise<number> {
  const renderer = t.app.get(BookingMailRenderer);
  const sample = bookings.slice(0, 20).map((booking) =>
    Object.assign(new OutboxMessage(), {
      id: randomUUID(),
      kind: 'booking-confirmed',
      recipient: emailOf.get(booking.personId)!,
      subject: null,
      textBody: null,
      htmlBody: null,
      calendarMethod: 'REQUEST',
      calendarContent: null,
      bookingId: booking.id,
      causedById: null,
      invitationSequence: 1,
      facts: null,
    }),
  );
  const batch = await t.app.get(Transactions).read((manager) => renderer.load(manager, sample));
  const rounds = 50;
  const started = process.cpuUsage();
  for (let round = 0; round < rounds; round++) for (const message of sample) batch.render(message);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000 / (rounds * sample.length);
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  if (dialect === 'postgres') process.env.TEST_DATABASE = 'postgres';
  const sink = await Sink.start();
  process.on('exit', () => sink.stop());
  // The in-process dispatcher runs only when the bench calls it: phase 3's processes must be the only others.
  const t = await createTestApp({ env: { SMTP_URL: sink.url, MAIL_POLL_INTERVAL_MS: String(600_000), MAIL_FROM: 'training@library.test' } });
  const startLoad = loadavg()[0];
  console.log(`mail dispatcher on ${dialect}, ${MAILS.toLocaleString('en-GB')} booking messages rendered at send, ${cpus().length} cores, load ${startLoad.toFixed(2)}`);
  try {
    const bookings = await seedBookings(t, MAILS);
    const emailOf = new Map((await t.dataSource.getRepository(Person).find({ select: { id: true, email: true } })).map((person) => [person.id, person.email!]));
    const renderMs = await renderCost(t, bookings, emailOf);

    // 1 and 2: the drain, with a sign-in link queued half way.
    await enqueueFacts(t, bookings, emailOf);
    sink.reset();
    const dispatcher = t.app.get(MailDispatcher);
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    const committed = Date.now();
    loopDelay.enable();
    const draining = (async () => {
      for (;;) {
        const summary = await dispatcher.dispatchDue();
        if (summary.failed + summary.retrying > 0) throw new Error(`the drain met failures: ${JSON.stringify(summary)}`);
        if (summary.sent === 0) break;
      }
    })();
    draining.catch(() => undefined);
    await Promise.race([sink.waitFor(MAILS / 2), draining.then(() => Promise.reject(new Error('the drain stopped before half the bulk had arrived')))]);
    const linkPerson = await makePerson(t.dataSource, { organisationId: (await makeOrganisation(t.dataSource)).id, email: WATCHED });
    const linkQueued = Date.now();
    await t.app.get(Transactions).run((manager) =>
      t.app.get(AccountMailer).magicLink(manager, linkPerson, 'http://localhost:3999/auth/callback?token=bench', new Date(Date.now() + 15 * 60_000)),
    );
    const drained = await sink.waitFor(MAILS + 1);
    await draining;
    loopDelay.disable();
    const signInDelayMs = sink.watchedArrival()! - linkQueued;
    const drainRate = MAILS / ((drained.lastAt - committed) / 1000);
    const sent = await t.dataSource.getRepository(OutboxMessage).countBy({ status: 'sent' });

    // 3: two service processes share a bulk.
    await t.dataSource.getRepository(OutboxMessage).delete({ status: 'sent' });
    sink.reset();
    const env = { DATABASE_URL: t.databaseUrl, SMTP_URL: sink.url, PUBLIC_URL: 'http://localhost:3999', MAIL_POLL_INTERVAL_MS: '200', REMINDER_SCAN_INTERVAL_MS: '3600000' };
    // One after the other: two start-ups at once on a busy machine can miss start-up's deadline.
    const processes = [await startService(env)];
    processes.push(await startService(env));
    let two: SinkStats;
    let twoRate: number;
    try {
      const twoStarted = Date.now();
      await enqueueFacts(t, bookings.slice(0, TWO_INSTANCE_MAILS), emailOf);
      two = await sink.waitFor(TWO_INSTANCE_MAILS);
      twoRate = TWO_INSTANCE_MAILS / ((two.lastAt - twoStarted) / 1000);
      // Let both go round a few more times: anything claimed twice would show now.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      two = await sink.stats();
    } finally {
      await Promise.all(processes.map((child) => (child.kill('SIGTERM'), once(child, 'exit'))));
    }

    const results = {
      date: new Date().toISOString(),
      dialect,
      cores: cpus().length,
      loadAverageAtStart: round(startLoad, 2),
      smtpConnections: { configured: PARALLEL_SENDS, heldAtOnce: drained.maxOpen },
      renderMsPerMessage: round(renderMs, 3),
      drain: { messages: MAILS, messagesPerSecond: round(drainRate), seconds: round((drained.lastAt - committed) / 1000, 2), markedSent: sent },
      signInDuringDrain: { delayMs: signInDelayMs },
      eventLoopDelayWhileRendering: { p50Ms: round(loopDelay.percentile(50) / 1e6, 2), p99Ms: round(loopDelay.percentile(99) / 1e6, 2), maxMs: round(loopDelay.max / 1e6, 2) },
      twoInstances: { messages: TWO_INSTANCE_MAILS, delivered: two.total, duplicates: two.duplicates, messagesPerSecond: round(twoRate) },
    };
    console.table({
      'drain (messages/s)': { value: results.drain.messagesPerSecond, note: `${MAILS} rendered at send, ${results.drain.seconds} s` },
      'SMTP connections held at once': { value: drained.maxOpen, note: `pool of ${PARALLEL_SENDS}` },
      'render CPU per message (ms)': { value: results.renderMsPerMessage, note: 'mail text, HTML and invitation' },
      'sign-in link during the drain (ms)': { value: signInDelayMs, note: 'queued when half the bulk was out' },
      'event-loop delay p99 (ms)': { value: results.eventLoopDelayWhileRendering.p99Ms, note: `p50 ${results.eventLoopDelayWhileRendering.p50Ms}, max ${results.eventLoopDelayWhileRendering.maxMs}` },
      'two instances (messages/s)': { value: results.twoInstances.messagesPerSecond, note: `${two.total} of ${TWO_INSTANCE_MAILS} delivered` },
      'two instances: sent twice': { value: two.duplicates, note: 'by Message-ID' },
    });
    const directory = join(__dirname, 'results');
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, dialect === 'postgres' ? 'mail-postgres.json' : 'mail.json'), `${JSON.stringify(results, null, 2)}\n`);
    if (sent !== MAILS + 1 || two.total !== TWO_INSTANCE_MAILS || two.duplicates !== 0) throw new Error('a message was lost or delivered twice');
  } finally {
    await t.close();
    sink.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
