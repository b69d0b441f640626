import type { Locator, Page } from 'playwright-core';
import { ApiClient, Person } from '../support/api-client';
import { BrowserHarness, checkPage, pressByKeyboard, startBrowserHarness, typeByKeyboard } from '../support/browser';
import { testDialect } from '../support/test-database';

const RUN_TIMEOUT_MS = 10 * 60_000;

/** Presses a button or link and waits for the page it leads to. */
async function follow(page: Page, target: Locator, arrived: (url: URL) => boolean, how: 'click' | 'keyboard' = 'click'): Promise<void> {
  try {
    await Promise.all([page.waitForURL(arrived), how === 'click' ? target.click() : pressByKeyboard(page, target)]);
  } catch (error) {
    throw new Error(`pressing ${String(target)} (${how}) on ${page.url()} did not lead where expected: ${String(error)}`);
  }
}

/** Submits a form whose answer is a page at the same address (a re-drawn form, the issued token). */
async function submitInPlace(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

const heading = (page: Page, text: string | RegExp) => page.getByRole('heading', { name: text, level: 1 });

/**
 * The library team's administrator in a real browser: adds a course (after the form's errors),
 * archives it and sees it leave Find training's courses while its session keeps it; adds an
 * organisation; issues an API token, copies it from the page, uses it on the API and revokes it
 * (then 401); and, with the mail server down, sees an e-mail fail on the mail page, brings the
 * server back and presses Retry until the e-mail arrives. With JavaScript on and off; each page,
 * in each state, passes checkPage and is photographed for docs/screenshots/admin-*.png.
 */
describe(`the administrator's settings pages in the browser (${testDialect()})`, () => {
  let h: BrowserHarness;
  let admin: ApiClient;
  let organisationId: string;
  let libraryCode: string;

  beforeAll(async () => {
    // One attempt: an e-mail that meets a stopped mail server fails at once, as it would after a long outage.
    h = await startBrowserHarness({ env: { MAIL_MAX_ATTEMPTS: '1' } });
    admin = await h.service.admin();
    // The bootstrap admin's organisation, the library service.
    organisationId = (await admin.get<Person>('/api/people/me')).organisationId;
    libraryCode = (await admin.get<{ code: string }>(`/api/organisations/${organisationId}`)).code;
  });
  afterAll(() => h?.close());

  describe.each([
    { javaScript: true, run: 'a', adminName: 'Morven Galloway' },
    { javaScript: false, run: 'b', adminName: 'Ewan Kerr' },
  ])('JavaScript $javaScript', ({ javaScript, run, adminName }) => {
    let page: Page;
    let librarian: Person;
    const shot = (name: string) => checkPage(page, name);

    beforeAll(async () => {
      librarian = await admin.createPerson({ organisationId, name: adminName, email: `admin.${run}@example.test`, roles: ['admin'] });
      page = await h.openPage({ javaScript });
      await h.signIn(page, librarian.email);
    });

    it(
      'adds a course after fixing the form, archives it out of Find training, and its session keeps it',
      async () => {
        const title = `Searching CINAHL for social care research (${run})`;
        await page.goto('/admin/courses');
        await heading(page, 'Courses').waitFor();
        await shot('admin-courses');

        await follow(page, page.getByRole('button', { name: 'Add a course' }), (url) => url.pathname === '/admin/courses/new', 'keyboard');
        await page.getByLabel('Usual length in minutes (optional)').fill('an hour');
        await submitInPlace(page, page.getByRole('button', { name: 'Add course' }));
        expect(await page.title()).toMatch(/^Error: Add a course/);
        await page.getByRole('link', { name: 'Enter the course title' }).waitFor();
        await page.getByRole('link', { name: 'Length must be a whole number of minutes, like 120' }).waitFor();
        await shot('admin-course-form-errors');

        await typeByKeyboard(page, page.getByLabel('Course title'), title);
        await page.getByLabel('Description (optional)').fill('Find research about social care in CINAHL.\n\nBring your NHS OpenAthens login.');
        await page.getByLabel('Usual length in minutes (optional)').fill('90');
        await page.getByLabel('CPD hours (optional)').fill('1.5');
        await follow(page, page.getByRole('button', { name: 'Add course' }), (url) => /^\/admin\/courses\/[0-9a-f-]{36}$/.test(url.pathname), 'keyboard');
        await page.getByText('Course added').waitFor();
        await page.getByText('1 hour 30 minutes').waitFor();
        await shot('admin-course-added');
        const courseId = new URL(page.url()).pathname.split('/')[3];

        // A session that ran: archiving must not take the course from it.
        const ran = await admin.createSession({ courseId, startsInDays: -7, capacity: 10 });

        await follow(page, page.getByRole('link', { name: 'Archive this course' }), (url) => url.pathname.endsWith('/archive'));
        await heading(page, `Archive ${title}?`).waitFor();
        await shot('admin-course-archive');
        await follow(page, page.getByRole('button', { name: 'Archive course' }), (url) => url.searchParams.get('done') === 'archived', 'keyboard');
        await page.getByText('Course archived: it is no longer offered').waitFor();
        await page.getByRole('button', { name: 'Offer this course again' }).waitFor();
        await shot('admin-course-archived');

        await page.goto('/admin/courses?show=archived');
        await page.getByRole('link', { name: title }).waitFor();
        await shot('admin-courses-archived');

        await page.goto('/sessions');
        await heading(page, 'Find training').waitFor();
        expect(await page.locator('#course option').allTextContents()).not.toContain(title);
        await page.goto(`/sessions/${ran.id}`);
        await page.getByText(title).first().waitFor();
        const refused = await admin.request('POST', '/api/sessions', { courseId, startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), endsAt: new Date(Date.now() + 7 * 86_400_000 + 3_600_000).toISOString(), capacity: 5 }, 422);
        expect(refused).toMatchObject({ type: expect.stringContaining('course-archived') });
      },
      RUN_TIMEOUT_MS,
    );

    it(
      'adds an organisation, refusing a code already in use',
      async () => {
        await page.goto('/admin/organisations');
        await heading(page, 'Organisations').waitFor();
        await shot('admin-organisations');
        await follow(page, page.getByRole('button', { name: 'Add an organisation' }), (url) => url.pathname === '/admin/organisations/new');
        await page.getByLabel('Name').fill(`East Ayrshire Health and Social Care Partnership (${run})`);
        await page.getByLabel('Code').fill(libraryCode.toLowerCase());
        await submitInPlace(page, page.getByRole('button', { name: 'Add organisation' }));
        await page.getByRole('link', { name: `Another organisation already has the code ${libraryCode}` }).waitFor();
        await shot('admin-organisation-code-taken');
        await page.getByLabel('Code').fill(`eahscp-${run}`);
        await follow(page, page.getByRole('button', { name: 'Add organisation' }), (url) => url.searchParams.get('done') === 'added', 'keyboard');
        await page.getByRole('link', { name: `East Ayrshire Health and Social Care Partnership (${run})` }).waitFor();
        await shot('admin-organisation-added');
      },
      RUN_TIMEOUT_MS,
    );

    it(
      'issues an API token that works on the API, shown once to copy, and revokes it (then 401)',
      async () => {
        const integration = await admin.createPerson({ organisationId, name: `HR Integration ${run}`, email: `hr.integration.${run}@example.test`, roles: ['manager'] });
        await page.goto('/admin/api-tokens');
        await shot('admin-api-tokens-empty');
        await follow(page, page.getByRole('button', { name: 'Issue a token' }), (url) => url.pathname === '/admin/api-tokens/new');
        await typeByKeyboard(page, page.getByLabel('E-mail address of the person it acts as'), integration.email);
        await typeByKeyboard(page, page.getByLabel('What is the token for?'), 'HR nightly import');
        await Promise.all([page.waitForEvent('load'), pressByKeyboard(page, page.getByRole('button', { name: 'Issue token' }))]);
        await heading(page, 'API token issued').waitFor();
        const field = page.getByLabel('Copy this token now: it will not be shown again');
        expect(await field.getAttribute('readonly')).not.toBeNull();
        const token = await field.inputValue();
        expect(token.length).toBeGreaterThan(30);
        // The field can be selected and copied without JavaScript: focus it and select its text.
        await field.focus();
        await page.keyboard.press('ControlOrMeta+A');
        expect(await field.evaluate((input: HTMLInputElement) => input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0))).toBe(token);
        await shot('admin-api-token-issued');

        const asIntegration = new ApiClient(h.baseUrl).withToken(token);
        expect(await asIntegration.get<Person>('/api/people/me')).toMatchObject({ id: integration.id });

        await page.goto('/admin/api-tokens');
        expect(await page.content()).not.toContain(token);
        await page.getByRole('cell', { name: /HR nightly import/ }).first().waitFor();
        await shot('admin-api-tokens');
        await follow(page, page.getByRole('link', { name: 'Revoke the token HR nightly import' }).first(), (url) => url.pathname.endsWith('/revoke'));
        await heading(page, 'Revoke the API token HR nightly import?').waitFor();
        await shot('admin-api-token-revoke');
        await follow(page, page.getByRole('button', { name: 'Revoke token' }), (url) => url.searchParams.get('done') === 'revoked', 'keyboard');
        await page.getByText('API token revoked: it no longer works').waitFor();
        await shot('admin-api-token-revoked');
        await asIntegration.get('/api/people/me', 401);
      },
      RUN_TIMEOUT_MS,
    );

    it(
      'shows an e-mail that failed while the mail server was down, and delivers it after Retry once the server is back',
      async () => {
        const learner = await admin.createPerson({ organisationId, name: `Isla Brown ${run}`, email: `isla.brown.${run}@example.test` });
        const course = await admin.createCourse({ title: `Finding the evidence (${run})` });
        const session = await admin.createSession({ courseId: course.id, startsInDays: 14, capacity: 10 });

        await h.service.smtp.stop();
        try {
          await admin.post('/api/bookings', { sessionId: session.id, personId: learner.id });
          await page.goto('/admin/mail');
          // The dispatcher tries within a fraction of a second; the page shows what it found.
          for (let tries = 0; !(await page.getByRole('cell', { name: new RegExp(learner.email) }).count()); tries++) {
            if (tries > 100) throw new Error(`the booking e-mail to ${learner.email} never showed as failed`);
            await new Promise((resolve) => setTimeout(resolve, 200));
            await page.reload();
          }
          await page.getByText('Not reachable').waitFor();
          await page.getByText(/ECONNREFUSED/).first().waitFor();
          await shot('admin-mail-failed');
        } finally {
          await h.service.smtp.restart();
        }

        await page.reload();
        await page.getByText('Reachable', { exact: true }).waitFor();
        const retry = page.getByRole('button', { name: new RegExp(`Retry the e-mail to ${learner.email.replace(/\./g, '\\.')}`) });
        await follow(page, retry, (url) => url.searchParams.get('retried') === '1', 'keyboard');
        await page.getByText('1 e-mail will be sent again').waitFor();
        await shot('admin-mail-retried');

        const delivered = await h.service.mail.waitFor(learner.email, new RegExp(course.title.replace(/[()]/g, '\\$&')));
        expect(delivered.subject).toMatch(/booking|place/i);
        for (let tries = 0; await page.getByRole('cell', { name: new RegExp(learner.email) }).count(); tries++) {
          if (tries > 50) throw new Error('the retried e-mail still shows on the mail page');
          await new Promise((resolve) => setTimeout(resolve, 200));
          await page.goto('/admin/mail');
        }
        await page.getByText('No e-mails have failed.').waitFor();
        await shot('admin-mail');
      },
      RUN_TIMEOUT_MS,
    );

    it(
      'lists the changes in the audit log, newest first, with who made them',
      async () => {
        await page.goto('/admin/audit');
        await heading(page, 'Audit log').waitFor();
        const mine = page.locator('tbody tr').filter({ has: page.locator('td:nth-child(2)', { hasText: adminName }) });
        const changes = (await mine.locator('td:last-child').allTextContents()).map((text) => text.replace(/^What\s*/, '').replace(/\s+/g, ' ').trim());
        expect(changes).toEqual([
          `Revoked the API token “HR nightly import” acting as HR Integration ${run}`,
          `Issued the API token “HR nightly import” acting as HR Integration ${run}`,
          `Added the organisation East Ayrshire Health and Social Care Partnership (${run}) (EAHSCP-${run.toUpperCase()})`,
          `Archived the course Searching CINAHL for social care research (${run})`,
          `Added the course Searching CINAHL for social care research (${run})`,
        ]);
        await shot('admin-audit');
      },
      RUN_TIMEOUT_MS,
    );
  });
});
