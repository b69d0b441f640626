import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ApiClient, Organisation, Person } from '../support/api-client';
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

/** Submits a form whose answer is drawn at the same address (a form with errors). */
async function submitInPlace(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

const heading = (page: Page, text: string | RegExp) => page.getByRole('heading', { name: text, level: 1 });

interface Totals {
  cohort: number;
  trained: number;
  attendances: number;
}

interface Booking {
  id: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
}

/**
 * The library team's administrator in a real browser, with JavaScript on and off: imports a
 * partnership's HR list whose headings are the HR system's own and whose fourth line is bad (the
 * preview names it and nothing is written), fixes it and imports it with welcome e-mails (the
 * people exist and the report's cohort grows by exactly them), imports it again (every line
 * unchanged), changes a person's roles after the form's error, and erases a person (their place
 * is cancelled, the first on the waiting list gets it, the report still counts their attendance).
 * Every page, in each state, passes checkPage and is photographed for docs/screenshots/admin-*.png.
 */
describe(`the administrator's people pages in the browser (${testDialect()})`, () => {
  let h: BrowserHarness;
  let admin: ApiClient;
  let files: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    admin = await h.service.admin();
    files = mkdtempSync(join(tmpdir(), 'tt-admin-browser-'));
  });
  afterAll(() => h?.close());

  const report = async (organisationId: string): Promise<Totals> =>
    (await admin.get<{ totals: Totals }>(`/api/reports/training?organisationId=${organisationId}&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`)).totals;
  const findPerson = async (email: string): Promise<Person | undefined> =>
    (await admin.get<{ items: Person[] }>(`/api/people?q=${encodeURIComponent(email)}`)).items.find((person) => person.email === email);

  describe.each([
    { javaScript: true, run: 'a', adminName: 'Morven Galloway' },
    { javaScript: false, run: 'b', adminName: 'Ewan Kerr' },
  ])('JavaScript $javaScript', ({ javaScript, run, adminName }) => {
    let page: Page;
    let partnership: Organisation;
    let librarian: Person;
    const shot = (name: string) => checkPage(page, name);
    const address = (who: string) => `${who}.${run}@sahscp.example`;

    /** What the partnership's HR system exports: its own headings, the partnership by name. */
    const hrFile = (fourthLine: string) =>
      [
        'Employee number,Full name,Email address,Partnership,Team,Job title,NQSW',
        `E1${run},Ailsa Boyd,${address('ailsa.boyd')},${partnership.name},Children and families,Social worker,no`,
        `E2${run},Òran MacÌomhair,${address('oran.maciomhair')},${partnership.name},Justice services,Senior social worker,yes`,
        fourthLine,
        `E4${run},Morag Kerr,${address('morag.kerr')},${partnership.code},Adult services,Social worker,no`,
      ].join('\r\n');
    const badFile = () => hrFile(`E3${run},Rory Hunter,rory.hunter.${run} at sahscp.example,${partnership.name},Adult services,Social worker,no`);
    const goodFile = () => hrFile(`E3${run},Rory Hunter,${address('rory.hunter')},${partnership.name},Adult services,Social worker,no`);

    async function chooseFile(name: string, content: string | Buffer): Promise<void> {
      const path = join(files, name);
      writeFileSync(path, content);
      // As a person does: the field (with JavaScript, nhsuk-frontend's button in its place) opens the file chooser.
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByLabel('Upload a CSV file').click()]);
      await chooser.setFiles(path);
    }

    beforeAll(async () => {
      partnership = await admin.createOrganisation({ code: `SAHSCP-${run.toUpperCase()}`, name: `South Ayrshire Health and Social Care Partnership ${run.toUpperCase()}` });
      librarian = await admin.createPerson({ organisationId: partnership.id, name: adminName, email: `people.admin.${run}@example.test`, roles: ['admin'] });
      page = await h.openPage({ javaScript });
      await h.signIn(page, librarian.email);
    });

    it(
      'imports an HR list: the bad line named and nothing written, then all of it, then again with every line unchanged',
      async () => {
        await page.goto('/');
        await heading(page, 'People').waitFor();
        expect(new URL(page.url()).pathname).toBe('/admin/people');
        await shot('admin-people');

        await follow(page, page.getByRole('button', { name: 'Import people from an HR list' }), (url) => url.pathname === '/admin/people/import', 'keyboard');
        await shot('admin-import-upload');

        await chooseFile('empty.csv', '');
        await submitInPlace(page, page.getByRole('button', { name: 'Continue' }));
        expect(await page.title()).toMatch(/^Error: Import people from an HR list/);
        await page.getByRole('link', { name: 'The file is empty.' }).waitFor();
        await shot('admin-import-empty-file');

        const cohortBefore = (await report(partnership.id)).cohort;
        await chooseFile(`staff-${run}.csv`, badFile());
        await follow(page, page.getByRole('button', { name: 'Continue' }), (url) => url.pathname.endsWith('/columns'));
        await heading(page, 'Match the columns of your file').waitFor();
        expect(await page.getByLabel('Full name').inputValue()).toBe('1');
        expect(await page.getByLabel('Work e-mail address').inputValue()).toBe('2');
        expect(await page.getByLabel('Organisation', { exact: true }).inputValue()).toBe('3');
        await shot('admin-import-columns');

        await follow(page, page.getByRole('button', { name: 'Continue to the preview' }), (url) => /^\/admin\/people\/import\/[0-9a-f-]{36}$/.test(url.pathname));
        await heading(page, 'The file has problems').waitFor();
        const problem = page.getByRole('row', { name: /^4 E-mail address/ });
        await expect(problem.textContent()).resolves.toContain(`"rory.hunter.${run} at sahscp.example" is not a valid e-mail address.`);
        expect(await page.getByRole('button', { name: /^Import/ }).count()).toBe(0);
        await shot('admin-import-problems');
        expect(await findPerson(address('ailsa.boyd'))).toBeUndefined();

        await follow(page, page.getByRole('button', { name: 'Upload the corrected file' }), (url) => url.pathname === '/admin/people/import');
        if (javaScript) {
          await chooseFile(`staff-${run}-fixed.csv`, goodFile());
        } else {
          // The same rows pasted, as they come from a spreadsheet.
          await page.getByLabel('Or paste the rows, headings first').fill(goodFile());
        }
        await follow(page, page.getByRole('button', { name: 'Continue' }), (url) => url.pathname.endsWith('/columns'));
        await follow(page, page.getByRole('button', { name: 'Continue to the preview' }), (url) => /^\/admin\/people\/import\/[0-9a-f-]{36}$/.test(url.pathname));
        await heading(page, 'Check the import').waitFor();
        await page.getByRole('heading', { name: '4 new people, 0 changed, 0 unchanged' }).waitFor();
        await expect(page.getByRole('row', { name: /^3 Òran MacÌomhair/ }).textContent()).resolves.toContain('New');
        await shot('admin-import-preview');

        await page.getByLabel('E-mail the new people a welcome message').check();
        await follow(page, page.getByRole('button', { name: 'Import 4 people' }), (url) => url.pathname === '/admin/people/import/imported', 'keyboard');
        await page.getByText('4 people added').waitFor();
        await shot('admin-imported');

        const oran = await findPerson(address('oran.maciomhair'));
        expect(oran).toMatchObject({ name: 'Òran MacÌomhair', organisationId: partnership.id, roles: ['learner'] });
        expect((await report(partnership.id)).cohort).toBe(cohortBefore + 4);
        const welcome = await h.service.mail.waitFor(address('morag.kerr'), /You can now book library information skills training/);
        expect(welcome.text).toContain(`enter your work e-mail address, ${address('morag.kerr')}`);

        await page.goto('/admin/people/import');
        await chooseFile(`staff-${run}-again.csv`, goodFile());
        await follow(page, page.getByRole('button', { name: 'Continue' }), (url) => url.pathname.endsWith('/columns'));
        await follow(page, page.getByRole('button', { name: 'Continue to the preview' }), (url) => /^\/admin\/people\/import\/[0-9a-f-]{36}$/.test(url.pathname));
        await page.getByRole('heading', { name: '0 new people, 0 changed, 4 unchanged' }).waitFor();
        await page.getByText('Everybody in the file is already up to date').waitFor();
        await shot('admin-import-unchanged');
        expect((await report(partnership.id)).cohort).toBe(cohortBefore + 4);
      },
      RUN_TIMEOUT_MS,
    );

    it(
      "finds a person by part of their name without its accents and changes their roles after the form's error",
      async () => {
        await page.goto('/admin/people');
        await typeByKeyboard(page, page.getByLabel('Name or e-mail address'), 'oran maci');
        await follow(page, page.getByRole('button', { name: 'Search' }), (url) => url.searchParams.get('q') === 'oran maci', 'keyboard');
        await page.getByRole('heading', { name: /^\d+ (person|people)$/ }).waitFor();
        await shot('admin-people-search');

        const row = page.getByRole('row', { name: new RegExp(address('oran.maciomhair').replace(/\./g, '\\.')) });
        await follow(page, row.getByRole('link', { name: 'Òran MacÌomhair' }), (url) => /^\/admin\/people\/[0-9a-f-]{36}$/.test(url.pathname));
        await heading(page, 'Òran MacÌomhair').waitFor();
        await shot('admin-person');

        await follow(page, page.getByRole('link', { name: 'Change roles' }), (url) => url.pathname.endsWith('/edit'), 'keyboard');
        await page.getByLabel('Full name').fill('');
        await page.getByLabel('Trainer').check();
        await submitInPlace(page, page.getByRole('button', { name: 'Save changes' }));
        expect(await page.title()).toMatch(/^Error: Change Òran MacÌomhair/);
        await page.getByRole('link', { name: 'Enter their full name' }).waitFor();
        expect(await page.getByLabel('Trainer').isChecked()).toBe(true);
        await shot('admin-person-form-errors');

        await page.getByLabel('Full name').fill('Òran MacÌomhair');
        await follow(page, page.getByRole('button', { name: 'Save changes' }), (url) => url.searchParams.get('done') === 'saved');
        await page.getByRole('heading', { name: 'Changes saved' }).waitFor();
        await shot('admin-person-saved');
        expect((await findPerson(address('oran.maciomhair')))?.roles).toEqual(['learner', 'trainer']);
      },
      RUN_TIMEOUT_MS,
    );

    it(
      'erases a person after saying what goes and who moves up: their place goes to the waiting list, the report still counts them',
      async () => {
        const leaver = (await findPerson(address('ailsa.boyd')))!;
        const waiting = (await findPerson(address('morag.kerr')))!;
        const course = await admin.createCourse({ title: `Searching social care databases (${run})`, cpdHours: 2 });
        const past = await admin.createSession({ courseId: course.id, startsInDays: -14 });
        await admin.request('PUT', `/api/sessions/${past.id}/attendance`, { records: [{ personId: leaver.id, status: 'attended' }] }, 200);
        const full = await admin.createSession({ courseId: course.id, capacity: 1, startsInDays: 9 });
        const place = await admin.post<Booking>('/api/bookings', { sessionId: full.id, personId: leaver.id });
        const queued = await admin.post<Booking>('/api/bookings', { sessionId: full.id, personId: waiting.id });
        expect([place.status, queued.status]).toEqual(['confirmed', 'waitlisted']);
        const before = await report(partnership.id);
        expect(before.trained).toBeGreaterThanOrEqual(1);

        await page.goto(`/admin/people/${leaver.id}`);
        await follow(page, page.getByRole('link', { name: 'Erase this person' }), (url) => url.pathname.endsWith('/erase'), 'keyboard');
        await heading(page, 'Erase Ailsa Boyd?').waitFor();
        await expect(page.getByRole('row', { name: /Searching social care databases/ }).textContent()).resolves.toContain(
          'The place goes to Morag Kerr, first on the waiting list, who is e-mailed.',
        );
        await page.getByText('1 attendance record, still counted in training reports without saying who they are').waitFor();
        await shot('admin-erase');

        await page.getByLabel('To confirm, type their e-mail address').fill(address('morag.kerr'));
        await submitInPlace(page, page.getByRole('button', { name: 'Erase Ailsa Boyd for good' }));
        await page.getByRole('link', { name: 'The e-mail address you typed is not theirs. Type it exactly as shown' }).waitFor();
        await shot('admin-erase-error');
        expect((await admin.get<Booking>(`/api/bookings/${place.id}`)).status).toBe('confirmed');

        await page.getByLabel('To confirm, type their e-mail address').fill(address('ailsa.boyd').toUpperCase());
        await follow(page, page.getByRole('button', { name: 'Erase Ailsa Boyd for good' }), (url) => url.searchParams.get('done') === 'erased', 'keyboard');
        await heading(page, 'Erased person').waitFor();
        await shot('admin-person-erased');

        expect((await admin.get<Booking>(`/api/bookings/${place.id}`)).status).toBe('cancelled');
        expect((await admin.get<Booking>(`/api/bookings/${queued.id}`)).status).toBe('confirmed');
        await h.service.mail.waitFor(address('morag.kerr'), /place is now yours/i);
        const after = await report(partnership.id);
        expect({ trained: after.trained, attendances: after.attendances }).toEqual({ trained: before.trained, attendances: before.attendances });
        expect(await findPerson(address('ailsa.boyd'))).toBeUndefined();
      },
      RUN_TIMEOUT_MS,
    );
  });
});
