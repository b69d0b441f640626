import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';
import { ApiClient, Course, Organisation, Person, Session } from '../support/api-client';
import { BrowserHarness, checkPage, pressByKeyboard, startBrowserHarness } from '../support/browser';
import { testDialect } from '../support/test-database';

const ZONE = 'Europe/London';
const JOURNEY_TIMEOUT_MS = 10 * 60_000;

interface ApiReport {
  totals: { cohort: number; trained: number; percentTrained: number; attendances: number; noShows: number };
  rows: Array<{ label: string; key: string; cohort: number; trained: number; percentTrained: number; attendances: number; noShows: number }>;
}

interface ApiPeople {
  items: Array<{ personId: string; name: string | null; nextBooking: { courseTitle: string; status: string } | null }>;
  total: number;
}

/** 10:00 London time, `days` days from today (negative: in the past). */
function tenOClock(days: number): string {
  return DateTime.now().setZone(ZONE).plus({ days }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO()!;
}

/** The London calendar day of an instant, as typed into the date boxes and as the API's plain date. */
function londonDay(iso: string): { day: string; month: string; year: string; iso: string } {
  const day = DateTime.fromISO(iso).setZone(ZONE);
  return { day: String(day.day), month: String(day.month), year: String(day.year), iso: day.toISODate()! };
}

/** "3 of 8 social workers trained (38%)" on the page, read back into its figures. */
async function headline(page: Page): Promise<{ trained: number; cohort: number }> {
  const text = (await page.locator('#headline').textContent()) ?? '';
  const match = /([\d,]+) of ([\d,]+) social workers? trained/.exec(text);
  if (!match) throw new Error(`no headline figures in "${text}"`);
  return { trained: Number(match[1].replace(/,/g, '')), cohort: Number(match[2].replace(/,/g, '')) };
}

/** The body rows of the page's tables as a person reads their cells (the responsive tables' repeated headings left out). */
function tableRows(page: Page): Promise<string[][]> {
  return page.locator('main').evaluate((element) =>
    Array.from(element.querySelectorAll('table tbody tr')).map((row) =>
      Array.from(row.querySelectorAll('th, td')).map((cell) => {
        const copy = cell.cloneNode(true) as Element;
        copy.querySelectorAll('.nhsuk-table__heading').forEach((heading) => heading.remove());
        copy.querySelectorAll('br').forEach((lineBreak) => lineBreak.replaceWith(' '));
        return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
      }),
    ),
  );
}

/** The report's rows and total as the page's table shows them, from the API's answer. */
function expectedRows(report: ApiReport, label: (row: ApiReport['rows'][number]) => string = (row) => row.label): string[][] {
  type Figures = Omit<ApiReport['rows'][number], 'key' | 'label'>;
  const cells = (name: string, r: Figures) => [name, String(r.cohort), String(r.trained), `${r.percentTrained}%`, String(r.attendances), String(r.noShows)];
  return [...report.rows.map((row) => cells(label(row), row)), cells('Total', report.totals)];
}

/** A CSV file's lines and cells, without the byte-order mark. */
function csvRows(text: string): string[][] {
  return parse(text.replace(/^\ufeff/, ''), { relaxColumnCount: false }) as string[][];
}

/** Presses a button or link and waits for the page it leads to. */
async function follow(page: Page, target: Locator, arrived: (url: URL) => boolean, how: 'click' | 'keyboard' = 'click'): Promise<void> {
  await Promise.all([page.waitForURL(arrived), how === 'click' ? target.click() : pressByKeyboard(page, target)]);
}

/** Downloads what the link gives, as the browser saves it. */
async function downloadFrom(page: Page, link: Locator): Promise<{ filename: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { filename: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
}

/**
 * A learning and development lead's job in a real browser: sign in from the e-mail, read "N of M
 * social workers trained" and check it against GET /api/reports/training for the same filters,
 * change the grouping and dates, download both CSVs and compare them row by row with the API's,
 * find who is not yet trained and book one of them. With JavaScript on and off; every page, in
 * every state reached (with data, no data, filters with errors), passes checkPage and is
 * photographed for docs/screenshots/manager-*.png.
 */
describe(`the manager's reports in the browser (${testDialect()})`, () => {
  let h: BrowserHarness;
  let admin: ApiClient;
  let north: Organisation;
  let literature: Course;
  let appraisal: Course;
  let upcoming: Session;
  let full: Session;
  const learners: Record<string, Person> = {};
  let pastAppraisal: Session;

  beforeAll(async () => {
    h = await startBrowserHarness();
    admin = await h.service.admin();
    north = await admin.createOrganisation({ code: 'NAHSCP', name: 'North Ayrshire Health and Social Care Partnership' });
    const south = await admin.createOrganisation({ code: 'SAHSCP', name: 'South Ayrshire Health and Social Care Partnership' });
    literature = await admin.createCourse({ title: 'Literature searching for social work practice', cpdHours: 2 });
    appraisal = await admin.createCourse({ title: 'Critical appraisal', cpdHours: 1.5 });
    const people: Array<[string, string, string | undefined, Organisation]> = [
      ['ailsa', 'Ailsa Brown', 'Adult Services', north],
      ['brian', 'Brian Kerr', 'Adult Services', north],
      ['catriona', 'Catriona Hay', 'Adult Services', north],
      ['eilidh', 'Eilidh Ross', 'Children and Families', north],
      ['fraser', 'Fraser Reid', 'Children and Families', north],
      ['gordon', 'Gordon Shaw', 'Children and Families', north],
      ['hamish', 'Hamish Bell', undefined, north],
      ['isla', 'Isla Grant', 'Justice Services', south],
    ];
    for (const [key, name, team, organisation] of people) {
      learners[key] = await admin.createPerson({ organisationId: organisation.id, name, email: `${key}@example.test`, ...(team ? { team } : {}) });
    }
    // Training that already happened, recorded on the registers (walk-ins: the sessions had started).
    const pastLiterature = await admin.createSession({ courseId: literature.id, startsAt: tenOClock(-40), capacity: 20 });
    pastAppraisal = await admin.createSession({ courseId: appraisal.id, startsAt: tenOClock(-20), capacity: 20 });
    const register = (session: Session, records: Array<[Person, string]>) =>
      admin.request(`PUT`, `/api/sessions/${session.id}/attendance`, { records: records.map(([person, status]) => ({ personId: person.id, status })) }, 200);
    await register(pastLiterature, [
      [learners.ailsa, 'attended'],
      [learners.brian, 'absent'],
      [learners.eilidh, 'attended'],
      [learners.isla, 'attended'],
    ]);
    await register(pastAppraisal, [
      [learners.ailsa, 'attended'],
      [learners.fraser, 'attended'],
    ]);
    upcoming = await admin.createSession({ courseId: literature.id, startsAt: tenOClock(10), capacity: 12 });
    full = await admin.createSession({ courseId: appraisal.id, startsAt: tenOClock(14), capacity: 1 });
    await admin.post('/api/bookings', { sessionId: upcoming.id, personId: learners.catriona.id });
    await admin.post('/api/bookings', { sessionId: full.id, personId: learners.ailsa.id });
  });
  afterAll(() => h?.close());

  it('shows a manager whose organisation has nobody yet that there is nothing to report', async () => {
    const empty = await admin.createOrganisation({ code: 'LIB', name: 'Library service' });
    const manager = await admin.createPerson({ organisationId: empty.id, name: 'Lorna Paterson', email: 'lorna.paterson@example.test', roles: ['manager'] });
    const page = await h.openPage();
    await h.signIn(page, manager.email);
    expect(new URL(page.url()).pathname).toBe('/reports/training');
    await page.getByText('There are no social workers in Library service on the service yet.').waitFor();
    await checkPage(page, 'manager-report-empty');
  });

  describe.each([
    { javaScript: true, name: 'Gillian Reid', email: 'gillian.reid@example.test', book: 'gordon' },
    { javaScript: false, name: 'Stuart Wallace', email: 'stuart.wallace@example.test', book: 'hamish' },
  ])('JavaScript $javaScript', ({ javaScript, name, email, book }) => {
    it(
      'reads the headline against the API, regroups, filters by date, downloads both CSVs and books a person not yet trained',
      async () => {
        const manager = await admin.createPerson({ organisationId: north.id, name, email, roles: ['manager'] });
        const asManager = await h.service.signInByApi(manager.email);
        const page = await h.openPage({ javaScript });
        await h.signIn(page, manager.email);
        // Screenshots are kept from the run with JavaScript (checkPage's default); both runs are checked.
        const shot = (state: string) => checkPage(page, `manager-${state}`);

        // Home: the report, headline first, with the API's figures.
        expect(new URL(page.url()).pathname).toBe('/reports/training');
        const byTeam = await asManager.get<ApiReport>('/api/reports/training?groupBy=team');
        expect(await headline(page)).toEqual({ trained: byTeam.totals.trained, cohort: byTeam.totals.cohort });
        expect(byTeam.totals).toMatchObject({ trained: 3, cohort: 7 });
        expect(await page.locator('#headline').textContent()).toContain('3 of 7 social workers trained (43%)');
        expect(await page.locator('progress[aria-labelledby="headline"]').evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([3, 7]);
        const teamName = (row: ApiReport['rows'][number]) => row.key.slice(row.key.indexOf('/') + 1) || 'No team';
        expect((await tableRows(page))).toEqual(expectedRows(byTeam, teamName));
        await expect(page.getByRole('img', { name: 'Percentage of social workers trained by team' }).count()).resolves.toBe(1);
        await shot('report');

        // Group by course.
        await page.getByRole('radio', { name: 'Course' }).check();
        await follow(page, page.getByRole('button', { name: 'Apply filters' }), (url) => url.searchParams.get('group') === 'course');
        const byCourse = await asManager.get<ApiReport>('/api/reports/training?groupBy=course');
        expect((await tableRows(page))).toEqual(expectedRows(byCourse));
        await shot('report-by-course');

        // From the day of the appraisal session, by month: only that session counts.
        const from = londonDay(pastAppraisal.startsAt);
        await page.getByRole('radio', { name: 'Month' }).check();
        await page.locator('#from-day').fill(from.day);
        await page.locator('#from-month').fill(from.month);
        await page.locator('#from-year').fill(from.year);
        await follow(page, page.getByRole('button', { name: 'Apply filters' }), (url) => url.searchParams.get('from-day') === from.day);
        const sinceThen = await asManager.get<ApiReport>(`/api/reports/training?groupBy=month&from=${from.iso}`);
        expect(await headline(page)).toEqual({ trained: sinceThen.totals.trained, cohort: sinceThen.totals.cohort });
        expect(sinceThen.totals.trained).toBe(2);
        expect((await tableRows(page))).toEqual(expectedRows(sinceThen));
        await shot('report-filtered');

        // The CSV keeps the filters: the API's file for the same filters, row by row.
        const reportCsv = await downloadFrom(page, page.getByRole('link', { name: /^Download CSV/ }));
        const apiReportCsv = await asManager.request<string>('GET', `/api/reports/training?groupBy=month&from=${from.iso}&format=csv`, undefined, 200, { Accept: 'text/csv' });
        expect(reportCsv.filename).toMatch(/^training-report-month-\d{4}-\d{2}-\d{2}\.csv$/);
        expect(csvRows(reportCsv.text)).toEqual(csvRows(apiReportCsv));
        expect(csvRows(reportCsv.text)[0].slice(0, 2)).toEqual(['Month', 'Cohort']);

        // A range after every session: nobody attended in it.
        const later = londonDay(tenOClock(30));
        await page.locator('#from-day').fill(later.day);
        await page.locator('#from-month').fill(later.month);
        await page.locator('#from-year').fill(later.year);
        await follow(page, page.getByRole('button', { name: 'Apply filters' }), (url) => url.searchParams.get('from-day') === later.day);
        expect(await headline(page)).toEqual({ trained: 0, cohort: 7 });
        await page.getByText(/^Nobody attended a session since/).waitFor();
        await shot('report-no-data');

        // A date that does not exist: the error pattern, what was typed kept, no report.
        await page.locator('#from-day').fill('31');
        await page.locator('#from-month').fill('2');
        await page.locator('#from-year').fill('2027');
        await follow(page, page.getByRole('button', { name: 'Apply filters' }), (url) => url.searchParams.get('from-day') === '31');
        await page.getByRole('link', { name: "The 'from' date must be a real date" }).waitFor();
        expect(await page.title()).toMatch(/^Error: Training report/);
        expect(await page.locator('#from-day').inputValue()).toBe('31');
        expect(await page.locator('#headline').count()).toBe(0);
        await shot('report-errors');

        // Who is not yet trained, from the report's link.
        await follow(page, page.getByRole('link', { name: 'Clear filters' }), (url) => url.search === '');
        await follow(page, page.getByRole('link', { name: /social workers not yet trained$/ }), (url) => url.pathname === '/reports/not-yet-trained');
        const notTrained = await asManager.get<ApiPeople>('/api/reports/training/people?trained=false');
        expect(notTrained.total).toBe(4);
        const listed = (await tableRows(page)).map((row) => row[0]);
        expect(listed.map((cell) => cell.replace(/ \S+@\S+$/, '')).sort()).toEqual(notTrained.items.map((item) => item.name!).sort());
        const catriona = (await tableRows(page)).find((row) => row[0].startsWith('Catriona Hay'))!;
        expect(catriona[1]).toMatch(/^Booked Literature searching for social work practice/);
        await shot('not-yet-trained');

        const peopleCsv = await downloadFrom(page, page.getByRole('link', { name: /^Download CSV/ }));
        const apiPeopleCsv = await asManager.request<string>('GET', '/api/reports/training/people?trained=false&format=csv', undefined, 200, { Accept: 'text/csv' });
        expect(peopleCsv.filename).toMatch(/^training-people-\d{4}-\d{2}-\d{2}\.csv$/);
        expect(csvRows(peopleCsv.text)).toEqual(csvRows(apiPeopleCsv));
        expect(csvRows(peopleCsv.text)).toHaveLength(1 + 4);

        // Book one of them onto the upcoming session, by keyboard.
        const person = learners[book];
        await follow(page, page.getByRole('link', { name: `Book a place for ${person.name}` }), (url) => url.pathname === `/people/${person.id}/book`, 'keyboard');
        await shot('book-person');
        await follow(page, page.getByRole('button', { name: 'Book a place' }), (url) => url.pathname === `/people/${person.id}/book`, 'keyboard');
        await page.getByRole('link', { name: 'Select a session' }).waitFor();
        await shot('book-person-errors');
        await page.getByRole('radio', { name: /Literature searching for social work practice:/ }).check();
        await follow(page, page.getByRole('button', { name: 'Book a place' }), (url) => url.pathname === `/people/${person.id}/record`, 'keyboard');
        await page.getByRole('heading', { name: `${person.name} is booked` }).waitFor();
        await shot('person-record-booked');

        await h.service.mail.waitFor(person.email, /^Booking confirmed: Literature searching/);
        const bookings = await admin.get<{ items: Array<{ sessionId: string; status: string }> }>(`/api/bookings?personId=${person.id}`);
        expect(bookings.items).toEqual([expect.objectContaining({ sessionId: upcoming.id, status: 'confirmed' })]);
        const after = await asManager.get<ApiPeople>('/api/reports/training/people?trained=false');
        expect(after.items.find((item) => item.personId === person.id)?.nextBooking).toMatchObject({ courseTitle: literature.title, status: 'confirmed' });

        // A trained person's record: what they attended, with CPD hours.
        await page.goto(`/people/${learners.ailsa.id}/record`);
        await page.getByText('2 sessions attended: 3.5 hours of continuing professional development (CPD).').waitFor();
        await shot('person-record');
      },
      JOURNEY_TIMEOUT_MS,
    );
  });
});
