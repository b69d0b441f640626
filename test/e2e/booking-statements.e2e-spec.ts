import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { makeCourse, makeOrganisation, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { Booking } from '../../src/bookings/booking.entity';
import { bookingFactsSql } from '../../src/bookings/seats.service';
import { makeSignedInMany } from '../support/booking-checks';
import { StatementLog } from '../support/statement-log';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const NOW = '2026-10-01T08:00:00Z';

/** The booking's one read: the session (locked), its course and trainers, the person, their bookings of it. */
const LOCKED_READ = 'SELECT booking course person session_trainer training_session';

const postgres = testDialect() === 'postgres';

/**
 * A person booking themself a seat reads nothing first. PostgreSQL: one statement of
 * data-modifying CTEs ("wanted": the bookings of one event-loop turn as JSON rows, "eligible",
 * "asked", "seat", "booked", "mailed") outside a transaction. SQLite: the seat's
 * UPDATE (returning the session), the booking and the mail. When the seat's UPDATE books
 * nothing (a waitlist place, a refusal), the locked path below decides.
 */
const OWN_SEAT = postgres
  ? ['WITH asked booked booking course eligible outbox_message person seat training_session wanted']
  : ['UPDATE booking course person training_session', 'INSERT booking', 'INSERT outbox_message person'];

/** The locked path's seat writes: on PostgreSQL one statement of data-modifying CTEs, on SQLite (which has none) three. */
const LOCKED_SEAT_WRITES = postgres ? ['WITH booked booking outbox_message seat training_session'] : ['UPDATE training_session', 'INSERT booking', 'INSERT outbox_message'];

/** The catalogue when the plans are checked. */
const CATALOGUE_SIZE = { courses: 40, sessions: 500 };

const isTransactionControl = (sql: string) => /^(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(sql);

/**
 * The booking path does the least work that keeps its guarantees: a handful of statements, each
 * on an index, the same for the first booking of a session as for the thousandth.
 */
describe(`booking statements (${testDialect()})`, () => {
  let t: TestApp;
  let log: StatementLog;
  let organisationId: string;
  let courseId: string;

  beforeAll(async () => {
    // The background loops (mail, sign-in links, reminders) stay quiet, so every statement logged is the request's.
    // One pooled connection, so the test's own queries see what the service prepared on it.
    t = await createTestApp({ now: NOW, env: { MAIL_POLL_INTERVAL_MS: '600000', REMINDER_SCAN_INTERVAL_MS: '600000', DATABASE_POOL_SIZE: '1' } });
    log = new StatementLog();
    (t.dataSource as unknown as { logger: TypeOrmLogger }).logger = log;
    organisationId = (await makeOrganisation(t.dataSource)).id;
    courseId = (await makeCourse(t.dataSource)).id;
    await log.quiet();
  });
  afterAll(() => t.close());

  async function bookingStatements(
    booker: SignedInPerson,
    body: { sessionId: string; personId?: string },
  ): Promise<{ status: string; work: string[]; tokenLookup: string[]; transactionControl: string[] }> {
    log.start();
    const res = await t.http.post('/api/bookings').set(booker.auth).send(body).expect(201);
    const logged = log.stop();
    const statements = logged.filter((sql) => !isTransactionControl(sql));
    const isTokenLookup = (sql: string) => /"auth_token"/.test(sql);
    return {
      status: res.body.status as string,
      work: statements.filter((sql) => !isTokenLookup(sql)),
      tokenLookup: statements.filter(isTokenLookup),
      transactionControl: logged.filter(isTransactionControl),
    };
  }

  it('a seat takes its writes, the seat, the booking and the mail, and reads nothing first (PostgreSQL: one statement, no transaction)', async () => {
    const session = await makeSession(t.dataSource, { courseId, capacity: 1, now: new Date(NOW) });
    const [first, second] = await makeSignedInMany(t.dataSource, organisationId, 2);

    const seat = await bookingStatements(first, { sessionId: session.id });
    expect(seat.status).toBe('confirmed');
    expect(seat.work.map(kindOf)).toEqual(OWN_SEAT);
    expect(seat.tokenLookup.map(kindOf)).toEqual(['SELECT auth_token person']);
    if (postgres) expect(seat.transactionControl).toEqual([]);

    const waitlist = await bookingStatements(second, { sessionId: session.id });
    expect(waitlist.status).toBe('waitlisted');
    expect(waitlist.work.map(kindOf)).toEqual([
      OWN_SEAT[0],
      LOCKED_READ,
      'UPDATE training_session',
      'INSERT booking',
      'SELECT booking',
      'INSERT outbox_message',
    ]);
  });

  it('the hot statements are the same text every time, and PostgreSQL prepares them once per connection', async () => {
    const trainer = await makeSignedIn(t.dataSource, organisationId, ['trainer']);
    const session = await makeSession(t.dataSource, { courseId, capacity: 5, now: new Date(NOW), trainerIds: [trainer.person.id] });
    const [first, second, third] = await makeSignedInMany(t.dataSource, organisationId, 3);
    const firstSeat = await bookingStatements(first, { sessionId: session.id });
    const secondSeat = await bookingStatements(second, { sessionId: session.id });
    expect([...secondSeat.tokenLookup, ...secondSeat.work]).toEqual([...firstSeat.tokenLookup, ...firstSeat.work]);
    const lockedPath = await bookingStatements(trainer, { sessionId: session.id, personId: third.person.id });
    expect(lockedPath.work.map(kindOf)[0]).toBe(LOCKED_READ);
    const hot = [...firstSeat.tokenLookup, ...firstSeat.work, lockedPath.work[0]];
    if (!postgres) return;
    const preparedOnTheConnection = await t.dataSource.query<Array<{ statement: string }>>('SELECT "statement" FROM pg_prepared_statements');
    const prepared = preparedOnTheConnection.map((row) => row.statement.replace(/\s+/g, ' ').trim());
    // Those three and nothing else: every other statement (the fixtures' and the migrations' too) goes unnamed.
    expect([...prepared].sort()).toEqual([...hot].sort());
  });

  it("a trainer booking someone onto their session takes the locked read and the seat's writes", async () => {
    const trainer = await makeSignedIn(t.dataSource, organisationId, ['trainer']);
    const session = await makeSession(t.dataSource, { courseId, capacity: 5, now: new Date(NOW), trainerIds: [trainer.person.id] });
    const learner = await makeSignedIn(t.dataSource, organisationId, ['learner']);
    const booked = await bookingStatements(trainer, { sessionId: session.id, personId: learner.person.id });
    expect(booked.status).toBe('confirmed');
    expect(booked.work.map(kindOf)).toEqual([LOCKED_READ, ...LOCKED_SEAT_WRITES]);
  });

  it('a hot token is resolved without a query: the booking runs only its own statements', async () => {
    const session = await makeSession(t.dataSource, { courseId, capacity: 5, now: new Date(NOW) });
    const learner = await makeSignedIn(t.dataSource, organisationId, ['learner']);
    await t.http.get('/api/bookings').set(learner.auth).expect(200);
    const { work, tokenLookup } = await bookingStatements(learner, { sessionId: session.id });
    expect(tokenLookup).toEqual([]);
    expect(work.map(kindOf)).toEqual(OWN_SEAT);
  });

  it('every statement of the booking path reads its rows through an index, full or empty', async () => {
    const session = await makeSession(t.dataSource, { courseId, capacity: 1000, now: new Date(NOW) });
    const learners = await makeSignedInMany(t.dataSource, organisationId, 120);
    for (const learner of learners) await t.http.post('/api/bookings').set(learner.auth).send({ sessionId: session.id }).expect(201);
    const late = await makeSignedIn(t.dataSource, organisationId, ['learner']);
    const { work, tokenLookup } = await bookingStatements(late, { sessionId: session.id });
    expect(work.map(kindOf)).toEqual(OWN_SEAT);
    expect(tokenLookup).toHaveLength(1);
    // A catalogue of a realistic size: a table of a handful of rows is rightly walked whole by a planner, whatever its indexes.
    const courseIds: string[] = [];
    for (let i = 0; i < CATALOGUE_SIZE.courses; i++) courseIds.push((await makeCourse(t.dataSource)).id);
    for (let i = 0; i < CATALOGUE_SIZE.sessions; i++) await makeSession(t.dataSource, { courseId: courseIds[i % courseIds.length], now: new Date(NOW) });
    // Its statistics, as autovacuum would gather them: without them PostgreSQL guesses that few sessions are 'scheduled'.
    if (postgres) await t.dataSource.query('ANALYZE "course", "training_session"');
    // The locked path runs for waitlist places, refusals and bookings of others: plan its read and the waitlist position too.
    const statements = [
      ...tokenLookup,
      ...work,
      bookingFactsSql(t.dataSource.manager),
      `SELECT COUNT(*) AS "ahead" FROM "booking" WHERE "sessionId" = $1 AND "status" = 'waitlisted' AND "waitlistRank" < $2`,
    ];
    // The check sees a full scan where there is one: nothing indexes who made a booking.
    expect(await fullScansOf(t.dataSource, 'SELECT * FROM "booking" WHERE "bookedById" = $1')).not.toEqual([]);
    for (const sql of statements) {
      expect({ sql, fullScans: await fullScansOf(t.dataSource, sql) }).toEqual({ sql, fullScans: [] });
    }
    // A person's bookings of the session are found by person and session, not among every booking of the session.
    for (const sql of [...work, bookingFactsSql(t.dataSource.manager)]) {
      expect({ sql, sessionWide: await sessionWideBookingReads(t.dataSource, sql) }).toEqual({ sql, sessionWide: [] });
    }
  });
});

/** "INSERT booking", "SELECT booking course person session_trainer training_session", …: the verb and every table the statement names. */
function kindOf(sql: string): string {
  const verb = sql.split(' ')[0].toUpperCase();
  const tables = [...new Set([...sql.matchAll(/(?:FROM|INTO|UPDATE|JOIN)\s+"(\w+)"/gi)].map((match) => match[1]))].sort();
  return `${verb} ${tables.join(' ')}`;
}

/** A table read whole, in a statement's plan: "booking" (PostgreSQL: any scan without an index condition; SQLite: SCAN without an index). */
type FullScan = string;

/**
 * The tables the statement would read whole. PostgreSQL: its generic plan (the one for any
 * parameter values; a NULL would fold a custom plan away) with sequential scans discouraged, so
 * that a tiny test table shows whether an index could serve; a scan node on a table without an
 * index condition is a full read, whether it walks the heap or a whole index. SQLite plans with
 * NULL parameters; its planner does not look at their values.
 */
async function fullScansOf(dataSource: DataSource, sql: string): Promise<FullScan[]> {
  if (dataSource.options.type === 'postgres') return (await planNodes(dataSource, sql)).filter(isFullScan).map((node) => `${node['Node Type']} on ${node['Relation Name']}`);
  return (await sqlitePlan(dataSource, sql)).filter((detail) => /^SCAN \w+/.test(detail) && !/USING (COVERING )?INDEX/.test(detail));
}

/**
 * The reads of "booking" in the statement's plan that are bounded by the session alone (and perhaps
 * a status), so they grow with the session's bookings: PostgreSQL, a scan of booking whose index
 * condition does not name personId; SQLite, a search through a booking index on sessionId alone.
 */
async function sessionWideBookingReads(dataSource: DataSource, sql: string): Promise<string[]> {
  if (dataSource.options.type === 'postgres') {
    const nodes = await planNodes(dataSource, sql);
    return nodes
      .filter((node) => node['Relation Name'] === 'booking' && /Scan$/.test(node['Node Type']) && !/personId/.test(node['Index Cond'] ?? node['Recheck Cond'] ?? ''))
      .map((node) => `${node['Node Type']} on booking ${node['Index Cond'] ?? node['Recheck Cond'] ?? ''}`);
  }
  const bySessionAlone = dataSource
    .getMetadata(Booking)
    .indices.filter((index) => index.columns[0].propertyName === 'sessionId' && !index.columns.some((column) => column.propertyName === 'personId'))
    .map((index) => index.name);
  return (await sqlitePlan(dataSource, sql)).filter((detail) => bySessionAlone.some((name) => detail.includes(`INDEX ${name} `)));
}

/** Every node of the statement's generic plan (the one for any parameter values; a NULL would fold a custom plan away), sequential scans and whole-table joins discouraged. */
async function planNodes(dataSource: DataSource, sql: string): Promise<PlanNode[]> {
  const parameterCount = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
  return dataSource.transaction(async (manager) => {
    await manager.query('SET LOCAL enable_seqscan = off');
    // Joins that read a whole side (hash, merge) are what a tiny table invites too: the batch's JSON rows against the sessions, say.
    await manager.query('SET LOCAL enable_hashjoin = off');
    await manager.query('SET LOCAL enable_mergejoin = off');
    await manager.query('SET LOCAL plan_cache_mode = force_generic_plan');
    await manager.query(`PREPARE planned AS ${sql}`);
    const nulls = Array.from({ length: parameterCount }, () => 'NULL').join(', ');
    const [row] = (await manager.query(`EXPLAIN (FORMAT JSON) EXECUTE planned${parameterCount ? `(${nulls})` : ''}`)) as Array<{ 'QUERY PLAN': unknown }>;
    await manager.query('DEALLOCATE planned');
    const plan = typeof row['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN']) : row['QUERY PLAN'];
    const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];
    return flatten((plan as Array<{ Plan: PlanNode }>)[0].Plan);
  });
}

/** SQLite's plan lines for the statement, planned with NULL parameters (its planner does not look at their values). */
async function sqlitePlan(dataSource: DataSource, sql: string): Promise<string[]> {
  const positional = sql.replace(/\$\d+/g, '?');
  const rows = (await dataSource.query(`EXPLAIN QUERY PLAN ${positional}`, Array.from({ length: (positional.match(/\?/g) ?? []).length }, () => null))) as Array<{ detail: string }>;
  return rows.map((row) => row.detail.trim());
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  /** A Bitmap Heap Scan's condition (its index condition is on the Bitmap Index Scan below). */
  'Recheck Cond'?: string;
  Plans?: PlanNode[];
}

/** A scan node on a table without an index condition: a full read, whether it walks the heap or a whole index. */
function isFullScan(node: PlanNode): boolean {
  return Boolean(node['Relation Name']) && /Scan$/.test(node['Node Type']) && node['Node Type'] !== 'Bitmap Heap Scan' && !node['Index Cond'];
}
