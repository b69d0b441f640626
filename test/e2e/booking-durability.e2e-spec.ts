import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, In } from 'typeorm';
import { Booking } from '../../src/bookings/booking.entity';
import { createDataSource, dataSourceOptions } from '../../src/database/data-source-options';
import { makeCourse, makeOrganisation, makeSession, SignedInPerson } from '../factories';
import { AppProcess, startAppProcess } from '../support/app-process';
import { brokenSeatRules, makeSignedInMany, seatLedger } from '../support/booking-checks';
import { createTestDatabase, TestDatabase, testDialect } from '../support/test-database';

jest.setTimeout(300_000);

const LEARNERS = 150;
const KILL_AFTER_ACKNOWLEDGED = 60;
const IN_FLIGHT = 6;
/** Far above a booking's time on a loaded machine; a service that stops answering fails the test this soon. */
const REQUEST_TIMEOUT_MS = 30_000;

interface Acknowledged {
  id: string;
  personId: string;
  status: 'confirmed' | 'waitlisted';
}

/**
 * A booking answered 201 has been committed: kill -9 the real service process in the middle of a
 * stream of bookings, start it again on the same database, and find every acknowledged booking.
 */
describe(`booking durability across kill -9 (${testDialect()})`, () => {
  let database: TestDatabase;
  let db: DataSource | undefined;
  let app: AppProcess | undefined;
  const env = () => ({ DATABASE_URL: database.url, MAIL_DIR: mkdtempSync(join(tmpdir(), 'tt-durability-mail-')) });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    if (app && app.child.exitCode === null && app.child.signalCode === null) {
      app.child.kill('SIGKILL');
      await app.exited;
    }
    await db?.destroy();
    await database.drop();
  });

  it('every booking answered 201 is there after the restart, and the seat counter agrees with the rows', async () => {
    // The first start runs the migrations; the people and their tokens are then written straight to the database.
    app = await startAppProcess(env());
    db = await createDataSource(dataSourceOptions(database.url)).initialize();
    const organisationId = (await makeOrganisation(db)).id;
    const courseId = (await makeCourse(db)).id;
    const session = await makeSession(db, { courseId, capacity: 40 });
    const learners = await makeSignedInMany(db, organisationId, LEARNERS);

    const running = app;
    const acknowledged: Acknowledged[] = [];
    const refusals: string[] = [];
    const failedBeforeKill: string[] = [];
    let killed = false;
    let cutOff = 0;
    const queue = [...learners];
    const bookNext = async (learner: SignedInPerson): Promise<void> => {
      try {
        const res = await fetch(`${running.baseUrl}/api/bookings`, {
          method: 'POST',
          headers: { ...learner.auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ sessionId: session.id }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        if (res.status !== 201) refusals.push(`${res.status} ${(await res.text()).slice(0, 300)}`);
        else acknowledged.push((await res.json()) as Acknowledged);
      } catch (error) {
        if (killed) cutOff++;
        else failedBeforeKill.push(String(error));
      }
      if (!killed && acknowledged.length >= KILL_AFTER_ACKNOWLEDGED) {
        killed = true;
        running.child.kill('SIGKILL');
      }
    };
    // A refusal or a failure before the kill stops the stream: the test is failing, and says why at once.
    const goingWrong = () => refusals.length > 0 || failedBeforeKill.length > 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let learner = queue.shift(); learner && !goingWrong(); learner = queue.shift()) await bookNext(learner);
      }),
    );
    if (!killed) {
      running.child.kill('SIGKILL');
      await running.exited;
      throw new Error(
        `only ${acknowledged.length} of the ${KILL_AFTER_ACKNOWLEDGED} bookings needed before the kill were answered 201; ` +
          `first refusal: ${refusals[0] ?? 'none'}; first failed request: ${failedBeforeKill[0] ?? 'none'}\n` +
          `service output:\n${running.output().slice(-3000)}`,
      );
    }
    expect(await running.exited).toBe('SIGKILL');
    expect(refusals).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKNOWLEDGED);
    // The kill landed mid-stream: requests were in flight or still to come.
    expect(cutOff).toBeGreaterThan(0);

    app = await startAppProcess(env());
    const rows = await db.getRepository(Booking).findBy({ id: In(acknowledged.map((a) => a.id)) });
    const stored = new Map(rows.map((row) => [row.id, [row.personId, row.status]]));
    expect(acknowledged.filter((a) => stored.get(a.id)?.[0] !== a.personId || stored.get(a.id)?.[1] !== a.status)).toEqual([]);
    const ledger = await seatLedger(db, session.id);
    expect(brokenSeatRules(ledger)).toEqual([]);
    expect(ledger.session.confirmedCount).toBe(ledger.confirmed.length);
    expect(ledger.confirmed.length + ledger.waitlisted.length).toBeGreaterThanOrEqual(acknowledged.length);

    const restarted = app;
    const viaApi = await fetch(`${restarted.baseUrl}/api/sessions/${session.id}`, { headers: learners[0].auth });
    expect(await viaApi.json()).toMatchObject({ confirmedCount: ledger.confirmed.length, waitlistCount: ledger.waitlisted.length });
    const unbooked = learners.find((l) => !ledger.confirmed.concat(ledger.waitlisted).some((b) => b.personId === l.person.id))!;
    const afterRestart = await fetch(`${restarted.baseUrl}/api/bookings`, {
      method: 'POST',
      headers: { ...unbooked.auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sessionId: session.id }),
    });
    expect(afterRestart.status).toBe(201);
  });
});
