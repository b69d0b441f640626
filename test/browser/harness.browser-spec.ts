import type { Page } from 'playwright-core';
import { ApiClient } from '../support/api-client';
import { BrowserHarness, checkPage, expectOnlyAppRequests, pressByKeyboard, startBrowserHarness, tabTo } from '../support/browser';
import { eventually } from '../support/eventually';
import { linkIn } from '../support/mailbox';
import { testDialect } from '../support/test-database';

/**
 * The harness every browser spec stands on, proved against the running app: the process and its
 * database, the mail it really sends, seeding through the API, and checks that can fail.
 */
describe(`browser harness (${testDialect()})`, () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterAll(() => h?.close());

  /** Serves one HTML page at an address on the app's origin, for checks that must fail. */
  async function fixture(page: Page, path: string, body: string): Promise<void> {
    await page.route(`${h.baseUrl}${path}`, (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html><html lang="en-GB"><head><title>Fixture</title></head><body>${body}</body></html>` }),
    );
    await page.goto(path);
  }

  it('runs the app as a process on a fresh database of the chosen dialect, at its PUBLIC_URL', async () => {
    expect(await h.service.api.get('/api/health')).toEqual({ status: 'ok', database: 'up' });
    await eventually(() => expect(h.service.output()).toContain(`Listening on ${h.baseUrl} (database: ${testDialect()})`));
    const admin = await h.service.admin();
    // Fresh: nobody but the bootstrap admin.
    const people = await admin.get<{ items: { email: string }[] }>('/api/people');
    expect(people.items.map((person) => person.email)).toEqual([h.service.adminEmail]);
  });

  it('receives the magic-link e-mail the app sends over SMTP, whose link signs in to the API', async () => {
    await h.service.api.post('/api/auth/magic-link', { email: h.service.adminEmail }, 202);
    const mail = await h.service.mail.waitFor(h.service.adminEmail, /sign-in link/i);
    expect(mail.to).toMatchObject({ value: [{ address: h.service.adminEmail }] });
    expect(mail.html).toContain('/auth/callback?token=');
    const token = new URL(linkIn(mail, h.baseUrl, '/auth/callback')).searchParams.get('token');

    const session = await h.service.api.post<{ accessToken: string }>('/api/auth/token', { token }, 200);
    const me = await h.service.api.withToken(session.accessToken).get<{ email: string; roles: string[] }>('/api/people/me');
    expect(me).toMatchObject({ email: h.service.adminEmail, roles: ['admin'] });
    // The link works once.
    await expect(h.service.api.post('/api/auth/token', { token }, 200)).rejects.toMatchObject({ status: 401 });
  });

  it('seeds organisations, people, courses and sessions through the API, which a learner then sees', async () => {
    const admin = await h.service.admin();
    const organisation = await admin.createOrganisation({ code: 'EAHSCP', name: 'East Ayrshire Health and Social Care Partnership' });
    const trainer = await admin.createPerson({ organisationId: organisation.id, name: 'Morag Trainer', roles: ['trainer'] });
    const learner = await admin.createPerson({ organisationId: organisation.id, name: 'Alex Learner' });
    const course = await admin.createCourse({ title: 'Finding the evidence', cpdHours: 2 });
    const session = await admin.createSession({ courseId: course.id, trainerIds: [trainer.id], capacity: 3 });

    const asLearner: ApiClient = await h.service.signInByApi(learner.email);
    const seen = await asLearner.get<{ id: string; course: { title: string }; trainers: { name: string }[]; seatsLeft: number }>(`/api/sessions/${session.id}`);
    expect(seen).toMatchObject({ id: session.id, course: { title: 'Finding the evidence' }, trainers: [{ name: 'Morag Trainer' }], seatsLeft: 3 });
    // Seeding asks for the status it expects and says what came back instead.
    await expect(asLearner.createCourse()).rejects.toThrow(/POST \/api\/courses: expected 201, got 403/);
  });

  it('signs a page in as a person the short way, leaving other pages signed out', async () => {
    const admin = await h.service.admin();
    const organisation = await admin.createOrganisation();
    const learner = await admin.createPerson({ organisationId: organisation.id });
    const page = await h.openPage();
    await h.signIn(page, learner.email);
    expect(new URL(page.url()).pathname).toBe('/sessions');
    await expect(page.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(1);

    const other = await h.openPage();
    await other.goto('/sessions');
    expect(new URL(other.url()).pathname).toBe('/sign-in');
  });

  it('loads the API documentation in Chromium from the app alone', async () => {
    const page = await h.openPage();
    const response = await page.goto('/api/docs');
    expect(response?.status()).toBe(200);
    await expect(page.locator('.swagger-ui .info .title').textContent({ timeout: 30_000 })).resolves.toMatch(/\S/);
    expectOnlyAppRequests(page);
  });

  it('checkPage passes the start page, with and without JavaScript', async () => {
    for (const javaScript of [true, false]) {
      const page = await h.openPage({ javaScript });
      expect((await page.goto('/'))?.status()).toBe(200);
      await checkPage(page, 'start');
    }
  });

  it('checkPage passes the 404 page, whose own status is not a broken resource', async () => {
    const page = await h.openPage();
    expect((await page.goto('/no-such-page'))?.status()).toBe(404);
    await checkPage(page, 'not-found');
  });

  describe.each([true, false])('checks that fail (JavaScript %s)', (javaScript) => {
    it('checkPage names each axe violation with its target, and the elements too wide for 320 px', async () => {
      const page = await h.openPage({ javaScript });
      await fixture(
        page,
        '/harness/inaccessible',
        '<main><h1>Fixture</h1><img id="no-alt" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><div id="wide" style="width:600px">wide</div></main>',
      );
      const failure = checkPage(page, 'harness-inaccessible', { screenshot: false });
      await expect(failure).rejects.toThrow(/image-alt \(critical\): Images must have alternative text\n\s+#no-alt/);
      await expect(failure).rejects.toThrow(/scrolls horizontally at 320 px: scrollWidth 6\d\d; sticking out:\n\s+div#wide/);
      expect(page.viewportSize()).toEqual({ width: 1024, height: 768 });
    });

    it('records and blocks any request to another host, such as the NHS web font', async () => {
      const page = await h.openPage({ javaScript });
      const fontCss = 'https://assets.nhs.uk/fonts/font.css';
      await fixture(page, '/harness/font', `<link rel="stylesheet" href="${fontCss}"><main><h1>Fixture</h1></main>`);
      expect(() => expectOnlyAppRequests(page)).toThrow(`GET ${fontCss}`);
      await expect(checkPage(page, 'harness-font', { screenshot: false })).rejects.toThrow(/requests to hosts other than the app/);
    });

    it('tabTo says where the focus went when Tab cannot reach a control', async () => {
      const page = await h.openPage({ javaScript });
      await fixture(page, '/harness/keyboard', '<main><h1>Fixture</h1><a href="#top">First link</a><span role="button" aria-label="Mouse only">x</span></main>');
      await expect(tabTo(page, page.getByRole('button', { name: 'Mouse only' }), 10)).rejects.toThrow(/Tab never reached .*\n\s+a "First link"/);
    });
  });

  it('moves through pages by keyboard alone, with and without JavaScript', async () => {
    for (const javaScript of [true, false]) {
      const page = await h.openPage({ javaScript });
      await page.goto('/');
      await Promise.all([page.waitForURL('**/sign-in'), pressByKeyboard(page, page.getByRole('button', { name: 'Sign in' }))]);
      expect(await page.title()).toMatch(/^Sign in – /);
    }
  });
});
