import { SignInService } from '../../src/auth/sign-in.service';
import { CalendarService } from '../../src/calendar/calendar.service';
import { makeOrganisation, makeSignedIn } from '../factories';
import { eventually } from '../support/eventually';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const FEED_SECRET = 'feed-secret-7Qm2Lx9';
const QUERY_SECRET = 'query-secret-Vb81Rt4';
const LINK_SECRET = 'link-secret-Pz03Kd6';
const COOKIE_SECRET = 'cookie-secret-Hs52Nw8';

interface LogLine {
  level: string;
  msg: string;
  context?: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

describe(`the log: one JSON line per request, secrets masked (${testDialect()})`, () => {
  let t: TestApp;
  let output: string;

  /** Every line written since the test began, each parsed (a line that is not JSON fails here). */
  const lines = (): LogLine[] =>
    output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
  const requestLines = (correlationId: string): LogLine[] => lines().filter((line) => line.req?.id === correlationId);

  function captureOutput(): void {
    output = '';
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        output += String(chunk);
        return true;
      });
    }
  }

  beforeAll(async () => {
    captureOutput();
    // At 'log', the level of the request lines, as the service runs by default (start-up lines unseen).
    t = await createTestApp({ env: { LOG_LEVEL: 'log' } });
    jest.restoreAllMocks();
  });
  afterAll(() => t.close());

  beforeEach(captureOutput);
  afterEach(() => jest.restoreAllMocks());

  it('writes one line per request with its correlation id, method, path, status and time taken', async () => {
    const organisation = await makeOrganisation(t.dataSource);
    const { auth } = await makeSignedIn(t.dataSource, organisation.id, ['learner']);
    await t.http.get('/api/people/me').set(auth).set('X-Correlation-Id', 'log-line-1').expect(200);
    await t.http.get('/api/no-such-thing').set('X-Correlation-Id', 'log-line-2').expect(404);

    await eventually(() => expect(requestLines('log-line-2')).toHaveLength(1));
    expect(requestLines('log-line-1')).toEqual([
      {
        level: 'log',
        time: expect.any(String),
        pid: process.pid,
        req: { id: 'log-line-1', method: 'GET', url: '/api/people/me' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
        msg: 'request completed',
      },
    ]);
    expect(requestLines('log-line-2')[0]).toMatchObject({ req: { method: 'GET', url: '/api/no-such-thing' }, res: { statusCode: 404 } });
  });

  it('logs neither the Authorization header, nor cookies, nor the cookies an answer sets', async () => {
    const organisation = await makeOrganisation(t.dataSource);
    const { token, auth } = await makeSignedIn(t.dataSource, organisation.id, ['learner']);
    await t.http.get('/api/people/me').set(auth).set('Cookie', `other=${COOKIE_SECRET}`).expect(200);
    await t.http.get('/bookings').set('Cookie', `tt_session=${token}`).expect(200);
    const signInPage = await t.http.get('/sign-in').set('X-Correlation-Id', 'sign-in-page').expect(200);
    const setCookies = signInPage.headers['set-cookie'] as unknown as string[];
    expect(setCookies.length).toBeGreaterThan(0);

    await eventually(() => expect(requestLines('sign-in-page')).toHaveLength(1));
    expect(output).not.toContain(token);
    expect(output).not.toContain(COOKIE_SECRET);
    for (const cookie of setCookies) expect(output).not.toContain(cookie.split(';')[0].split('=')[1]);
    expect(output).not.toMatch(/authorization|cookie/i);
  });

  it('logs a failing request with neither the secret of a calendar feed address nor its query string', async () => {
    jest.spyOn(t.app.get(CalendarService), 'feed').mockRejectedValue(new Error('database went away'));
    const failed = await t.http.get(`/api/calendar-feeds/${FEED_SECRET}.ics?token=${QUERY_SECRET}`).expect(500);
    const correlationId = failed.body.correlationId as string;

    await eventually(() => expect(requestLines(correlationId)).toHaveLength(1));
    expect(requestLines(correlationId)[0]).toMatchObject({
      level: 'log',
      req: { method: 'GET', url: '/api/calendar-feeds/***' },
      res: { statusCode: 500 },
      msg: 'request failed',
    });
    expect(output).toContain(`GET /api/calendar-feeds/*** failed [${correlationId}]: Error: database went away`);
    expect(lines().find((line) => line.context === 'Errors')?.level).toBe('error');
    expect(output).not.toContain(FEED_SECRET);
    expect(output).not.toContain(QUERY_SECRET);
  });

  it('logs a failing sign-in, by the API or by the page an e-mailed link opens, without the token in its address', async () => {
    jest.spyOn(t.app.get(SignInService), 'exchangeMagicToken').mockRejectedValue(new Error('database went away'));
    jest.spyOn(t.app.get(SignInService), 'isMagicTokenUsable').mockRejectedValue(new Error('database went away'));
    await t.http.post(`/api/auth/token?token=${QUERY_SECRET}`).send({ token: 'x' }).expect(500);
    await t.http.get(`/auth/callback?token=${LINK_SECRET}&next=%2Fbookings`).expect(500);

    await eventually(() => {
      expect(output).toContain('POST /api/auth/token failed');
      expect(output).toContain('GET /auth/callback failed');
      expect(lines().filter((line) => line.res?.statusCode === 500).map((line) => line.req?.url)).toEqual(['/api/auth/token', '/auth/callback']);
    });
    expect(output).not.toContain(QUERY_SECRET);
    expect(output).not.toContain(LINK_SECRET);
  });
});
