import { Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AuthToken } from '../../src/auth/auth-token.entity';
import { createDataSource, dataSourceOptions } from '../../src/database/data-source-options';
import { hashSecret } from '../../src/auth/secrets';
import { demoPersonaEmails } from '../../src/demo/demo-plan';
import { isScottishBankHoliday } from '../../src/demo/scottish-bank-holidays';
import { Person } from '../../src/people/person.entity';
import { makeOrganisation } from '../factories';
import { startAppProcess } from '../support/app-process';
import { eventually } from '../support/eventually';
import { logLines } from '../support/log-output';
import { createTestApp, TestApp, TestAppOptions } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { cookieHeader, CookieJar, csrfTokenIn, keepCookies, openForm } from '../support/web-form';

const NOW = '2026-11-29T12:00:00Z';
const DEMO = { DEMO_DATA: 'true' };

/**
 * What DemoDataService printed: its log messages (captured from its Nest Logger) and the lines of
 * the sign-in block it writes to stdout once the server listens.
 */
const printed: string[] = [];
beforeAll(() => {
  jest.spyOn(Logger.prototype, 'log').mockImplementation(function (this: Logger, message: unknown) {
    if ((this as unknown as { context?: string }).context === 'DemoData') printed.push(String(message));
  });
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(...String(chunk).split('\n'));
    return true;
  });
});
afterAll(() => jest.restoreAllMocks());

/** A test app started as the service starts: listening, which is when the sign-in block is printed. */
async function startDemoApp(options: TestAppOptions): Promise<TestApp> {
  const app = await createTestApp(options);
  await app.app.listen(0);
  return app;
}

function printedLinks(lines: string[]): Record<string, string> {
  const links: Record<string, string> = {};
  for (const line of lines) {
    const match = /^\s+(learner|trainer|manager|admin)\s.*\s(http\S+\/auth\/callback\?token=\S+)$/.exec(line);
    if (match) links[match[1]] = match[2];
  }
  return links;
}

/** The token of each printed `curl … /api/auth/token` command, by persona. */
function printedApiTokens(lines: string[]): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const line of lines) {
    const match = /^\s+(learner|trainer|manager|admin)\s+curl -X POST \S+\/api\/auth\/token .* -d '(.+)'$/.exec(line);
    if (match) tokens[match[1]] = (JSON.parse(match[2]) as { token: string }).token;
  }
  return tokens;
}

async function count(db: DataSource, table: string): Promise<number> {
  const [{ n }] = await db.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(n);
}

async function tableCounts(db: DataSource): Promise<Record<string, number>> {
  const tables = ['organisation', 'person', 'course', 'training_session', 'session_trainer', 'booking', 'attendance_record', 'attendance_change'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(db, t)] as const)));
}

describe('demo data (DEMO_DATA=true)', () => {
  let first: TestApp;
  let firstPrint: string[];

  beforeAll(async () => {
    printed.length = 0;
    first = await startDemoApp({ now: NOW, env: DEMO });
    firstPrint = [...printed];
  });
  afterAll(() => first.close());

  it('seeds the organisations, people, courses and sessions of the demo into the empty database', async () => {
    const db = first.dataSource;
    const codes = (await db.query('SELECT code FROM organisation ORDER BY code')).map((r: { code: string }) => r.code);
    expect(codes).toEqual(['EAHSCP', 'NAHSCP', 'NHSAA-LIB', 'SAHSCP']);
    const people = await db.getRepository(Person).find();
    const withRole = (role: string) => people.filter((p) => p.roles.includes(role as never));
    expect(people.filter((p) => p.roles.join() === 'learner')).toHaveLength(70);
    expect(withRole('trainer')).toHaveLength(3);
    expect(withRole('manager')).toHaveLength(2);
    expect(withRole('admin')).toHaveLength(1);
    expect(people.find((p) => p.name === 'Seonaidh Mac Giolla Bhrìghde')?.email).toBe('seonaidh.macgiollabhrighde@nahscp.example');
    expect(people.every((p) => p.email!.endsWith('.example'))).toBe(true);
    expect((await db.query('SELECT title FROM course ORDER BY title')).map((r: { title: string }) => r.title)).toEqual([
      'Finding evidence to inform your practice',
      'Library induction',
      'Literature searching for social work practice',
    ]);
    const now = new Date(NOW);
    const sessions = await db.query('SELECT "startsAt", "endsAt" FROM training_session');
    expect(sessions.filter((s: { endsAt: string }) => new Date(s.endsAt) < now).length).toBeGreaterThanOrEqual(5);
    expect(sessions.filter((s: { startsAt: string }) => new Date(s.startsAt) > now).length).toBeGreaterThanOrEqual(4);
  });

  it('keeps the session counters equal to the bookings, with waitlist ranks 1..n', async () => {
    const db = first.dataSource;
    const rows: { id: string; capacity: number; confirmedCount: number; waitlistArrivals: number }[] = await db.query(
      'SELECT id, capacity, "confirmedCount", "waitlistArrivals" FROM training_session',
    );
    let waitlisted = 0;
    for (const session of rows) {
      const bookings: { status: string; waitlistRank: number | null }[] = await db.query(
        `SELECT status, "waitlistRank" FROM booking WHERE "sessionId" = ${db.options.type === 'postgres' ? '$1' : '?'} ORDER BY "waitlistRank"`,
        [session.id],
      );
      const ranks = bookings.filter((b) => b.status === 'waitlisted').map((b) => Number(b.waitlistRank));
      expect(Number(session.confirmedCount)).toBe(bookings.filter((b) => b.status === 'confirmed').length);
      expect(Number(session.confirmedCount)).toBeLessThanOrEqual(Number(session.capacity));
      expect(ranks).toEqual(ranks.map((_, i) => i + 1));
      expect(Number(session.waitlistArrivals)).toBe(ranks.length);
      waitlisted += ranks.length;
    }
    expect(waitlisted).toBeGreaterThan(0);
  });

  it('shows about two thirds of each partnership trained, counted from the registers', async () => {
    const rows: { code: string; cohort: string; trained: string }[] = await first.dataSource.query(`
      SELECT o.code,
             COUNT(*) AS cohort,
             SUM(CASE WHEN EXISTS (SELECT 1 FROM attendance_record a WHERE a."personId" = p.id AND a.status = 'attended')
                      THEN 1 ELSE 0 END) AS trained
      FROM person p JOIN organisation o ON o.id = p."organisationId"
      WHERE p.roles LIKE '%learner%'
      GROUP BY o.code ORDER BY o.code`);
    expect(rows.map((r) => r.code)).toEqual(['EAHSCP', 'NAHSCP', 'SAHSCP']);
    for (const row of rows) {
      const share = Number(row.trained) / Number(row.cohort);
      expect(share).toBeGreaterThan(0.55);
      expect(share).toBeLessThan(0.8);
    }
    expect(firstPrint.join('\n')).toMatch(/Trained so far: NAHSCP \d+ of 25, EAHSCP \d+ of 24, SAHSCP \d+ of 22/);
  });

  it('prints one-time sign-in links for a learner, trainer, manager and admin, stored only as hashes', async () => {
    const links = printedLinks(firstPrint);
    expect(Object.keys(links).sort()).toEqual(['admin', 'learner', 'manager', 'trainer']);
    expect(firstPrint.join('\n')).toContain('Demo service: http://localhost:3999');
    const emails = demoPersonaEmails();
    for (const [persona, link] of Object.entries(links)) {
      expect(link.startsWith('http://localhost:3999/auth/callback?token=')).toBe(true);
      const secret = decodeURIComponent(new URL(link).searchParams.get('token')!);
      const token = await first.dataSource.getRepository(AuthToken).findOneOrFail({
        where: { tokenHash: hashSecret(secret) },
        relations: { person: true },
      });
      expect(token.kind).toBe('magic');
      expect(token.person!.emailKey).toBe(emails[persona as keyof typeof emails]);
      expect(token.person!.roles).toContain(persona);
      expect(token.expiresAt!.getTime() - new Date(NOW).getTime()).toBe(15 * 60_000);
      expect(token.usedAt).toBeNull();
    }
  });

  it("signs a browser in with a printed link's Sign in button, once", async () => {
    const link = new URL(printedLinks(firstPrint).learner);
    const form = await openForm(first.http, `${link.pathname}${link.search}`);
    expect(form.html).toMatch(/<button[^>]*>\s*Sign in\s*<\/button>/);
    const signedIn = await first.http
      .post('/auth/callback')
      .set('Cookie', cookieHeader(form.jar))
      .type('form')
      .send({ _csrf: form.csrf, token: link.searchParams.get('token') })
      .expect(303);
    expect(String(signedIn.headers['set-cookie'])).toMatch(/tt_session=/);
    await first.http.get(`${link.pathname}${link.search}`).expect(410);
  });

  it('prints a curl command for each of the learner, trainer, manager and admin whose token gives that person an API access token', async () => {
    const tokens = printedApiTokens(firstPrint);
    expect(Object.keys(tokens).sort()).toEqual(['admin', 'learner', 'manager', 'trainer']);
    expect(new Set(Object.values(tokens)).size).toBe(4);
    const links = printedLinks(firstPrint);
    for (const [persona, token] of Object.entries(tokens)) {
      expect(links[persona]).not.toContain(encodeURIComponent(token));
      const res = await first.http.post('/api/auth/token').send({ token }).expect(200);
      expect(res.body.person.email).toBe(demoPersonaEmails()[persona as keyof ReturnType<typeof demoPersonaEmails>]);
      const me = await first.http.get('/api/people/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      expect(me.body.roles).toContain(persona);
      await first.http.post('/api/auth/token').send({ token }).expect(401);
    }
  });

  it('puts no session on a weekend or a Scottish bank holiday', async () => {
    const sessionDays = async (db: DataSource) => {
      const sessions: { startsAt: string | Date }[] = await db.query('SELECT "startsAt" FROM training_session');
      return sessions.map(({ startsAt }) => DateTime.fromJSDate(new Date(startsAt), { zone: 'Europe/London' }));
    };
    const check = (days: DateTime[]) => {
      expect(days).toHaveLength(15);
      for (const day of days) {
        expect(day.weekday).toBeLessThanOrEqual(5);
        expect(isScottishBankHoliday(day.toISODate()!)).toBe(false);
      }
    };
    check(await sessionDays(first.dataSource));
    // Started on 2 December 2026, one session would fall on Christmas Day: it moves to Tuesday 29 (Monday 28 is Boxing Day's substitute).
    const december = await createTestApp({ now: '2026-12-02T12:00:00Z', env: DEMO });
    try {
      const days = await sessionDays(december.dataSource);
      check(days);
      expect(days.map((day) => day.toISODate())).toContain('2026-12-29');
    } finally {
      await december.close();
    }
  });

  it('seeds nothing more when a second instance starts on the same database, and prints fresh links', async () => {
    const before = await tableCounts(first.dataSource);
    printed.length = 0;
    const second = await startDemoApp({ now: NOW, env: DEMO, databaseUrl: first.databaseUrl });
    try {
      expect(await tableCounts(second.dataSource)).toEqual(before);
      expect(printed.join('\n')).toMatch(/not seeded: the database already holds data/);
      const links = printedLinks(printed);
      expect(Object.keys(links)).toHaveLength(4);
      expect(links.learner).not.toBe(printedLinks(firstPrint).learner);
      const link = new URL(links.trainer);
      await second.http.get(`${link.pathname}${link.search}`).expect(200);
    } finally {
      await second.close();
    }
  });
});

describe('demo data on a database that already holds other data', () => {
  it('leaves it alone and prints no links', async () => {
    const plain = await createTestApp({ now: NOW });
    try {
      await makeOrganisation(plain.dataSource, { code: 'REAL', name: 'A real organisation' });
      printed.length = 0;
      const demo = await startDemoApp({ now: NOW, env: DEMO, databaseUrl: plain.databaseUrl });
      try {
        expect(await count(demo.dataSource, 'organisation')).toBe(1);
        expect(await count(demo.dataSource, 'person')).toBe(0);
        expect(await count(demo.dataSource, 'auth_token')).toBe(0);
        expect(printedLinks(printed)).toEqual({});
      } finally {
        await demo.close();
      }
    } finally {
      await plain.close();
    }
  });
});

describe('demo data with two instances starting together on one empty database', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Migrated first: the race under test is the seeding, not TypeORM's unlocked migrations.
    const dataSource = await createDataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();
  });
  afterAll(() => database.drop());

  it('is seeded once', async () => {
    printed.length = 0;
    const apps = await Promise.all([0, 1].map(() => startDemoApp({ now: NOW, env: DEMO, databaseUrl: database.url })));
    try {
      expect(await count(apps[0].dataSource, 'organisation')).toBe(4);
      expect(await count(apps[0].dataSource, 'person')).toBe(76);
      expect(await count(apps[0].dataSource, 'training_session')).toBe(15);
      expect(printed.filter((line) => line.startsWith('Demo data seeded')).length).toBe(1);
      expect(Object.keys(printedLinks(printed))).toHaveLength(4);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  });
});

describe('demo data together with ADMIN_EMAIL', () => {
  it('seeds the demo and keeps one library service organisation, whichever start-up task runs first', async () => {
    const app = await createTestApp({ now: NOW, env: { ...DEMO, ADMIN_EMAIL: 'head.librarian@example.test' } });
    try {
      const codes = (await app.dataSource.query('SELECT code FROM organisation ORDER BY code')).map((r: { code: string }) => r.code);
      expect(codes).toEqual(['EAHSCP', 'NAHSCP', 'NHSAA-LIB', 'SAHSCP']);
      expect(await count(app.dataSource, 'course')).toBe(3);
    } finally {
      await app.close();
    }
  });
});

describe('demo data in the real process (as `npm run demo` starts it)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('prints the address and sign-in links that work', async () => {
    const app = await startAppProcess({ DATABASE_URL: database.url, DEMO_DATA: 'true', LOG_LEVEL: 'log' });
    try {
      const port = new URL(app.baseUrl).port;
      const blockHeading = `Demo service: http://localhost:${port}   API documentation: http://localhost:${port}/api/docs`;
      // The process answers health before its last lines have reached this end of the pipe (the log is written asynchronously).
      await eventually(() => {
        expect(logLines(app.output())).toContainEqual(expect.objectContaining({ context: 'DemoData', msg: expect.stringMatching(/^Demo data seeded: 4 organisations, 76 people/) }));
        expect(Object.keys(printedApiTokens(app.output().split('\n'))).sort()).toEqual(['admin', 'learner', 'manager', 'trainer']);
      }, 10_000);
      const lines = app.output().split('\n');
      // The sign-in block is plain lines (printedLinks reads no JSON), printed after the start-up log
      // lines so that they do not scroll it away.
      const blockStart = lines.indexOf(blockHeading);
      const lastRouteLine = lines.findLastIndex((line) => line.includes('"context":"RouterExplorer"'));
      expect(lastRouteLine).toBeGreaterThan(0);
      expect(blockStart).toBeGreaterThan(lastRouteLine);
      const links = printedLinks(lines);
      expect(Object.keys(links).sort()).toEqual(['admin', 'learner', 'manager', 'trainer']);
      expect(Object.keys(printedApiTokens(lines)).sort()).toEqual(['admin', 'learner', 'manager', 'trainer']);
      for (const link of Object.values(links)) {
        expect(link.startsWith(`http://localhost:${port}/auth/callback?token=`)).toBe(true);
        const page = await fetch(link.replace('localhost', '127.0.0.1'));
        expect(page.status).toBe(200);
        const jar: CookieJar = new Map();
        keepCookies(jar, page.headers.getSetCookie());
        const signedIn = await fetch(`${app.baseUrl}/auth/callback`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrfTokenIn(await page.text()), token: new URL(link).searchParams.get('token')! }),
        });
        expect(signedIn.status).toBe(303);
        expect(signedIn.headers.get('set-cookie')).toMatch(/tt_session=/);
      }
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  }, 180_000);
});
