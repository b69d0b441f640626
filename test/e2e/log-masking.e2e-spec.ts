import { ConsoleLogger } from '@nestjs/common';
import { SignInService } from '../../src/auth/sign-in.service';
import { CalendarService } from '../../src/calendar/calendar.service';
import { eventually } from '../support/eventually';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const FEED_SECRET = 'feed-secret-7Qm2Lx9';
const QUERY_SECRET = 'query-secret-Vb81Rt4';
const LINK_SECRET = 'link-secret-Pz03Kd6';

describe(`secrets in the log (${testDialect()})`, () => {
  let t: TestApp;
  let output: string;

  beforeAll(async () => {
    t = await createTestApp();
    // The console logger main.ts uses (the testing module's logger drops the 'log' level, where
    // request lines go; errors go to 'error' with their stack).
    t.app.useLogger(new ConsoleLogger({ logLevels: ['log', 'warn', 'error'] }));
  });
  afterAll(() => t.close());

  beforeEach(() => {
    output = '';
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        output += String(chunk);
        return true;
      });
    }
  });
  afterEach(() => jest.restoreAllMocks());

  it('logs a failing request with neither the secret of a calendar feed address nor its query string', async () => {
    jest.spyOn(t.app.get(CalendarService), 'feed').mockRejectedValue(new Error('database went away'));
    const failed = await t.http.get(`/api/calendar-feeds/${FEED_SECRET}.ics?token=${QUERY_SECRET}`).expect(500);
    const correlationId = failed.body.correlationId as string;

    await eventually(() => {
      expect(output).toContain(`GET /api/calendar-feeds/*** failed [${correlationId}]: Error: database went away`);
      expect(output).toContain(`GET /api/calendar-feeds/*** 500`);
    });
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
      expect(output).toContain('GET /auth/callback 500');
    });
    expect(output).not.toContain(QUERY_SECRET);
    expect(output).not.toContain(LINK_SECRET);
  });
});
