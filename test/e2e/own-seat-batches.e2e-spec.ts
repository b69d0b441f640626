import { Client } from 'pg';
import { Logger as TypeOrmLogger } from 'typeorm';
import type { Actor } from '../../src/auth/actor';
import { BookingsService } from '../../src/bookings/bookings.service';
import { DomainError } from '../../src/common/domain-error';
import { makeCourse, makeOrganisation, makeSession, SignedInPerson } from '../factories';
import { brokenSeatRules, makeSignedInMany, outboxOf, seatLedger } from '../support/booking-checks';
import { StatementLog } from '../support/statement-log';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const NOW = '2026-10-01T08:00:00Z';
const postgres = testDialect() === 'postgres';

const actorOf = (signedIn: SignedInPerson): Actor => ({ personId: signedIn.person.id, organisationId: signedIn.person.organisationId, roles: ['learner'], tokenId: '' });

/** A booking's outcome: its status, or the refusal's code. */
type Outcome = string;

/**
 * People booking themselves in the same event-loop turn. On PostgreSQL their seats are taken in
 * one statement (SeatsService.seatSelves); on SQLite their units share one group commit. Either
 * way each booking is decided as if it came alone: the tests call the service directly, so that
 * the bookings are certain to arrive in one turn.
 */
describe(`own seats booked together (${testDialect()})`, () => {
  let t: TestApp;
  let log: StatementLog;
  let bookings: BookingsService;
  let organisationId: string;
  let courseId: string;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW, env: { MAIL_POLL_INTERVAL_MS: '600000', REMINDER_SCAN_INTERVAL_MS: '600000' } });
    log = new StatementLog();
    (t.dataSource as unknown as { logger: TypeOrmLogger }).logger = log;
    bookings = t.app.get(BookingsService);
    organisationId = (await makeOrganisation(t.dataSource)).id;
    courseId = (await makeCourse(t.dataSource)).id;
    // The background loops' first rounds at start-up are over, so every statement logged is the bookings'.
    await log.quiet();
  });
  afterAll(() => t.close());

  /** Every booking is asked for in this turn; each settles to its status or its refusal's code. */
  function bookTogether(requests: Array<{ who: SignedInPerson; sessionId: string }>): Promise<Outcome[]> {
    return Promise.all(
      requests.map(({ who, sessionId }) =>
        bookings.book(actorOf(who), { sessionId }).then(
          (answer) => answer.booking.status,
          (error: unknown) => (error instanceof DomainError ? error.code : Promise.reject(error)),
        ),
      ),
    );
  }

  it('people booking different sessions at once all get their seats, in one statement on PostgreSQL and one COMMIT on SQLite', async () => {
    const sessions = await Promise.all(Array.from({ length: 12 }, () => makeSession(t.dataSource, { courseId, capacity: 3, now: new Date(NOW) })));
    const people = await makeSignedInMany(t.dataSource, organisationId, 12);
    log.start();
    const outcomes = await bookTogether(people.map((who, i) => ({ who, sessionId: sessions[i].id })));
    const statements = log.stop();
    expect(outcomes).toEqual(people.map(() => 'confirmed'));
    if (postgres) {
      expect(statements.filter((sql) => sql.startsWith('WITH "wanted"'))).toHaveLength(1);
      expect(statements.filter((sql) => /^(BEGIN|START TRANSACTION)/i.test(sql))).toEqual([]);
    } else {
      expect(statements.filter((sql) => /^BEGIN/i.test(sql))).toHaveLength(1);
    }
    for (const [i, session] of sessions.entries()) {
      const ledger = await seatLedger(t.dataSource, session.id);
      expect(brokenSeatRules(ledger)).toEqual([]);
      expect(ledger.confirmed.map((booking) => [booking.personId, booking.invitationSequence])).toEqual([[people[i].person.id, 1]]);
      expect(await outboxOf(t.dataSource, session.id)).toEqual([{ kind: 'booking-confirmed', personId: people[i].person.id, recipient: people[i].person.email }]);
    }
  });

  it('several people at once onto a session with room for them all get their seats together, and a twin among them is refused', async () => {
    const session = await makeSession(t.dataSource, { courseId, capacity: 10, now: new Date(NOW) });
    const people = await makeSignedInMany(t.dataSource, organisationId, 6);
    log.start();
    const outcomes = await bookTogether([...people, people[2]].map((who) => ({ who, sessionId: session.id })));
    const statements = log.stop();
    expect(outcomes).toEqual([...people.map(() => 'confirmed'), 'duplicate-booking']);
    if (postgres) {
      expect(statements.filter((sql) => sql.startsWith('WITH "wanted"'))).toHaveLength(1);
      // Only the twin goes the locked way.
      expect(statements.filter((sql) => sql.includes('"sequenceFloor"'))).toHaveLength(1);
    }
    const ledger = await seatLedger(t.dataSource, session.id);
    expect(brokenSeatRules(ledger)).toEqual([]);
    expect(ledger.confirmed.map((booking) => booking.personId).sort()).toEqual(people.map((who) => who.person.id).sort());
    expect((await outboxOf(t.dataSource, session.id)).map((row) => row.kind)).toEqual(people.map(() => 'booking-confirmed'));
  });

  it('more people at once than a session has seats: the seats go to some, the waitlist takes the rest, and a twin is refused', async () => {
    const session = await makeSession(t.dataSource, { courseId, capacity: 2, now: new Date(NOW) });
    const [first, second, third, fourth] = await makeSignedInMany(t.dataSource, organisationId, 4);
    const outcomes = await bookTogether([first, second, first, third, fourth].map((who) => ({ who, sessionId: session.id })));
    expect([...outcomes].sort()).toEqual(['confirmed', 'confirmed', 'duplicate-booking', 'waitlisted', 'waitlisted']);
    const ledger = await seatLedger(t.dataSource, session.id);
    expect(brokenSeatRules(ledger)).toEqual([]);
    expect([ledger.confirmed.length, ledger.waitlisted.length, ledger.cancelled.length]).toEqual([2, 2, 0]);
    const booked = [...ledger.confirmed, ...ledger.waitlisted].map((booking) => booking.personId).sort();
    expect(booked).toEqual([first, second, third, fourth].map((who) => who.person.id).sort());
    const mail = await outboxOf(t.dataSource, session.id);
    expect(mail.map((row) => row.kind).sort()).toEqual(['booking-confirmed', 'booking-confirmed', 'booking-waitlisted', 'booking-waitlisted']);
  });

  it('a refusal in a batch is answered as it would be alone, and the others keep their seats', async () => {
    const open = await makeSession(t.dataSource, { courseId, capacity: 5, now: new Date(NOW) });
    const closed = await makeSession(t.dataSource, { courseId, capacity: 5, now: new Date(NOW), bookingClosesAt: new Date('2026-09-30T08:00:00Z') });
    const [first, second] = await makeSignedInMany(t.dataSource, organisationId, 2);
    const outcomes = await bookTogether([
      { who: first, sessionId: open.id },
      { who: second, sessionId: closed.id },
    ]);
    expect(outcomes).toEqual(['confirmed', 'booking-closed']);
    expect((await seatLedger(t.dataSource, closed.id)).session.confirmedCount).toBe(0);
    expect(await outboxOf(t.dataSource, closed.id)).toEqual([]);
  });

  if (postgres) {
    it("a twin committed by another transaction while the batch waits fails the whole statement: each booking is then decided under the lock", async () => {
      const contested = await makeSession(t.dataSource, { courseId, capacity: 5, now: new Date(NOW) });
      const other = await makeSession(t.dataSource, { courseId, capacity: 5, now: new Date(NOW) });
      const [twin, bystander] = await makeSignedInMany(t.dataSource, organisationId, 2);
      const rival = new Client({ connectionString: t.databaseUrl });
      await rival.connect();
      try {
        // Another instance books the twin: it holds the session row, so the batch's seat waits for it.
        await rival.query('BEGIN');
        await rival.query('UPDATE "training_session" SET "confirmedCount" = "confirmedCount" + 1 WHERE "id" = $1', [contested.id]);
        await rival.query(
          `INSERT INTO "booking" ("id", "sessionId", "personId", "status", "bookedById", "invitationSequence", "createdAt", "confirmedAt")
           VALUES (gen_random_uuid(), $1, $2, 'confirmed', $2, 1, $3, $3)`,
          [contested.id, twin.person.id, NOW],
        );
        const outcomes = bookTogether([
          { who: twin, sessionId: contested.id },
          { who: bystander, sessionId: other.id },
        ]);
        await waitForLockWait(rival);
        await rival.query('COMMIT');
        await expect(outcomes).resolves.toEqual(['duplicate-booking', 'confirmed']);
      } finally {
        await rival.end();
      }
      const contestedLedger = await seatLedger(t.dataSource, contested.id);
      expect(brokenSeatRules(contestedLedger)).toEqual([]);
      expect(contestedLedger.confirmed).toHaveLength(1);
      expect(await outboxOf(t.dataSource, contested.id)).toEqual([]);
      expect(brokenSeatRules(await seatLedger(t.dataSource, other.id))).toEqual([]);
      expect(await outboxOf(t.dataSource, other.id)).toEqual([{ kind: 'booking-confirmed', personId: bystander.person.id, recipient: bystander.person.email }]);
    });
  }
});

/** Until some other backend waits for a lock that `holder`'s transaction holds. */
async function waitForLockWait(holder: Client): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await holder.query<{ waiting: number }>(
      `SELECT COUNT(*)::int AS "waiting" FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))`,
    );
    if (rows[0].waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('nothing came to wait for the rival transaction');
}
