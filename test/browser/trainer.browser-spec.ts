import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import type { Page } from 'playwright-core';
import { CHECK_IN_CODE_ALPHABET, CHECK_IN_CODE_LENGTH } from '../../src/attendance/attendance-rules';
import { ApiClient, Course, Person } from '../support/api-client';
import { BrowserHarness, checkPage, pressByKeyboard, REFLOW_WIDTH, reflowAt320, startBrowserHarness, tabTo, typeByKeyboard } from '../support/browser';
import { ParsedCalendar, parseCalendar } from '../support/icalendar';
import { testDialect } from '../support/test-database';

const ZONE = 'Europe/London';
const JOURNEY_TIMEOUT_MS = 15 * 60_000;

/** The iCalendar part of an e-mail, parsed. */
function calendarIn(mail: ParsedMail): ParsedCalendar {
  const part = mail.attachments.find((attachment) => attachment.contentType.startsWith('text/calendar'));
  if (!part) throw new Error(`"${mail.subject}" carries no text/calendar part`);
  return parseCalendar(part.content.toString('utf8'));
}

/** The last Sunday of March next year: the day UK clocks skip from 01:00 to 02:00. */
function clocksGoForward(year: number): DateTime {
  const last = DateTime.fromObject({ year, month: 3, day: 31 }, { zone: ZONE });
  return last.minus({ days: last.weekday % 7 });
}

/**
 * Codes are random, so the page is tried with each character repeated to a whole code (the
 * widest is the widest code there can be): every one must fit at 320 px. The code shown is put
 * back afterwards.
 */
async function expectEveryCodeFitsAt320(page: Page): Promise<void> {
  const shown = page.locator('.app-code > span[aria-hidden="true"]');
  const code = await shown.textContent();
  const tooWide: string[] = [];
  for (const character of CHECK_IN_CODE_ALPHABET) {
    const candidate = character.repeat(CHECK_IN_CODE_LENGTH);
    await shown.evaluate((element, text) => (element.textContent = text), candidate);
    const { scrollWidth } = await reflowAt320(page);
    if (scrollWidth > REFLOW_WIDTH) tooWide.push(`${candidate} (${scrollWidth} px)`);
  }
  await shown.evaluate((element, text) => (element.textContent = text), code);
  expect(tooWide).toEqual([]);
}

/** Runs an action that submits a form or follows a link, and waits for the page it leads to (even at the same address). */
async function andWait(page: Page, action: Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated'), action]);
  await page.waitForLoadState('load');
}

async function fillSessionForm(page: Page, fields: { course?: string; day: number; month: number; year: number; start: string; end: string }): Promise<void> {
  if (fields.course) await page.getByLabel('Course').selectOption({ label: fields.course });
  await page.locator('#date-day').fill(String(fields.day));
  await page.locator('#date-month').fill(String(fields.month));
  await page.locator('#date-year').fill(String(fields.year));
  await page.getByLabel('Start time').fill(fields.start);
  await page.getByLabel('End time').fill(fields.end);
  await page.getByLabel('Place', { exact: true }).fill('Crosshouse Hospital library, seminar room 2');
  await page.getByLabel('Number of places').fill('12');
}

/**
 * A trainer's day in Chromium, as issue 10 asks: signed in from the e-mail, a session created in
 * UK local time (in winter with JavaScript on, in summer with it off) whose stored instant and
 * invitation DTSTART agree with the time typed; two people booked onto it from the page; the
 * session moved to start now (the app runs as a process with the real clock, so the session
 * comes to the clock); one marked attended and one absent and a walk-in added, by keyboard alone,
 * saved once; the history and the printed sign-in sheet. Every page and state passes checkPage.
 */
describe(`a trainer's day in the browser (${testDialect()})`, () => {
  let h: BrowserHarness;
  let admin: ApiClient;
  let organisationId: string;
  let course: Course;

  beforeAll(async () => {
    h = await startBrowserHarness();
    admin = await h.service.admin();
    organisationId = (await admin.createOrganisation({ code: 'NAHSCP', name: 'North Ayrshire Health and Social Care Partnership' })).id;
    course = await admin.createCourse({ title: 'Literature searching for social work practice' });
  });
  afterAll(() => h?.close());

  const nextYear = DateTime.now().setZone(ZONE).year + 1;

  describe.each([
    {
      javaScript: true,
      season: 'winter',
      month: 1,
      day: 12,
      start: '10:00',
      end: '12:30',
      startsAt: `${nextYear}-01-12T10:00:00.000Z`,
      names: { trainer: 'Fiona Dunlop', people: ['Alison Shaw', 'Bruce Anderson'], walkIn: 'Dana Walker' },
    },
    {
      javaScript: false,
      season: 'summer',
      month: 7,
      day: 13,
      start: '09:30',
      end: '12:00',
      startsAt: `${nextYear}-07-13T08:30:00.000Z`,
      names: { trainer: 'Graham Leckie', people: ['Moira Crawford', 'Ross Young'], walkIn: 'Eilidh Walker' },
    },
  ])('JavaScript $javaScript, a $season session', ({ javaScript, month, day, start, end, startsAt, names }) => {
    let trainer: Person;
    let people: Person[];
    let walkIn: Person;

    beforeAll(async () => {
      trainer = await admin.createPerson({ organisationId, name: names.trainer, roles: ['trainer'] });
      people = [
        await admin.createPerson({ organisationId, name: names.people[0], team: 'Mental Health' }),
        await admin.createPerson({ organisationId, name: names.people[1], team: 'Adult Services' }),
      ];
      walkIn = await admin.createPerson({ organisationId, name: names.walkIn, team: 'Children and Families' });
    });

    it(
      'creates a session in UK time, books two people, and takes the register by keyboard',
      async () => {
        const page = await h.openPage({ javaScript });
        await h.signIn(page, trainer.email);
        expect(new URL(page.url()).pathname).toBe('/trainer/sessions');
        await page.getByRole('heading', { name: 'My sessions' }).waitFor();
        await checkPage(page, 'trainer-my-sessions-empty');

        // A time the clocks skip is refused with the NHS error pattern and what was typed kept.
        await andWait(page, page.getByRole('button', { name: 'Create a session' }).click());
        await checkPage(page, 'trainer-session-new');
        const gap = clocksGoForward(nextYear);
        await fillSessionForm(page, { course: course.title, day: gap.day, month: 3, year: nextYear, start: '01:30', end: '03:00' });
        await andWait(page, page.getByRole('button', { name: 'Create session' }).click());
        const summary = page.getByRole('alert');
        await summary.waitFor();
        expect(await page.title()).toMatch(/^Error: Create a session/);
        await expect(summary.getByRole('link').first().textContent()).resolves.toContain('does not exist on Sunday');
        await expect(page.getByLabel('Start time').inputValue()).resolves.toBe('01:30');
        await checkPage(page, 'trainer-session-form-errors');

        // The time typed, on a UK clock, is the instant stored and the invitation's DTSTART.
        await fillSessionForm(page, { day, month, year: nextYear, start, end });
        await andWait(page, page.getByRole('button', { name: 'Create session' }).click());
        const sessionId = /\/trainer\/sessions\/([0-9a-f-]{36})\?created=yes$/.exec(page.url())![1];
        await page.getByText('Session created').waitFor();
        const stored = await admin.get<{ startsAt: string; timezone: string; trainerIds: string[] }>(`/api/sessions/${sessionId}`);
        expect(stored).toMatchObject({ startsAt, timezone: ZONE, trainerIds: [trainer.id] });
        await checkPage(page, 'trainer-session-created');

        for (const person of people) {
          await andWait(page, page.getByRole('button', { name: 'Book someone onto this session' }).click());
          await page.getByRole('textbox', { name: 'Find a person' }).fill(person.name);
          await andWait(page, page.getByRole('button', { name: 'Search' }).click());
          if (person === people[0]) await checkPage(page, 'trainer-book-person');
          await andWait(page, page.getByRole('button', { name: `Book ${person.name}` }).click());
          await page.getByText(`${person.name} is booked onto this session`).waitFor();
          const invitation = calendarIn(await h.service.mail.waitFor(person.email, /booking confirmed/i)).events[0];
          expect(invitation.start.toISOString()).toBe(startsAt);
          expect(invitation.startTzid).toBe(ZONE);
        }
        await checkPage(page, 'trainer-session-people');
        await andWait(page, page.getByRole('link', { name: `Cancel place of ${people[0].name}` }).click());
        await page.getByRole('heading', { name: `Cancel ${people[0].name}'s place?` }).waitFor();
        await checkPage(page, 'trainer-cancel-place');
        await andWait(page, page.goto(`/trainer/sessions/${sessionId}/trainers?q=${encodeURIComponent(trainer.name)}`));
        await page.getByText('already a trainer of this session').waitFor();
        await checkPage(page, 'trainer-trainers');
        await andWait(page, page.goto(`/trainer/sessions/${sessionId}`));
        await andWait(page, page.getByRole('button', { name: 'Change the session' }).click());
        await page.getByText('2 people have a place.').waitFor();
        await checkPage(page, 'trainer-session-edit');
        await andWait(page, page.goto(`/trainer/sessions/${sessionId}/cancel`));
        await page.getByText('We will e-mail the 2 people with a place').waitFor();
        await checkPage(page, 'trainer-session-cancel');

        // The app runs with the real clock, so the session comes to the clock: it now starts in a few seconds.
        const startsSoon = new Date(Date.now() + 8_000);
        await admin.patch(`/api/sessions/${sessionId}`, { startsAt: startsSoon.toISOString(), endsAt: new Date(startsSoon.getTime() + 2 * 3_600_000).toISOString() });
        await page.goto(`/trainer/sessions/${sessionId}/register`);
        await pressByKeyboard(page, page.getByRole('button', { name: 'Start check-in now' }));
        await page.waitForURL(`**/trainer/sessions/${sessionId}/check-in-code`);
        await expect(page.locator('.app-code--projected').textContent()).resolves.toMatch(/[A-Z2-9]{6}/);
        await checkPage(page, 'trainer-check-in-code');
        await expectEveryCodeFitsAt320(page);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsSoon.getTime() - Date.now() + 500)));

        // Keyboard only: one attended, one absent, a walk-in found and added, then one save.
        await page.goto(`/trainer/sessions/${sessionId}/register`);
        await page.getByRole('heading', { name: 'Who came' }).waitFor();
        await checkPage(page, 'trainer-register');
        await expectEveryCodeFitsAt320(page);
        const [first, second] = people;
        await tabTo(page, page.locator(`#mark-${first.id}`));
        await page.keyboard.press(' ');
        await tabTo(page, page.locator(`#mark-${second.id}`));
        await page.keyboard.press('ArrowRight');
        await expect(page.locator(`#mark-${second.id}-absent`).isChecked()).resolves.toBe(true);

        // A search too short is an error on the page, and the marks chosen stay.
        await typeByKeyboard(page, page.getByLabel('Find them by name or e-mail address'), 'd');
        await andWait(page, page.keyboard.press('Enter'));
        await page.getByRole('alert').waitFor();
        await expect(page.locator(`#mark-${first.id}`).isChecked()).resolves.toBe(true);
        await checkPage(page, 'trainer-register-errors');

        const search = page.getByLabel('Find them by name or e-mail address');
        await tabTo(page, search);
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.type(walkIn.name);
        // Enter in the search box searches: the search is the form's first button.
        await andWait(page, page.keyboard.press('Enter'));
        await pressByKeyboard(page, page.getByRole('button', { name: `Add ${walkIn.name} as a walk-in` }));
        await page.waitForLoadState('load');
        await page.getByText(`${walkIn.name} added as a walk-in`).waitFor();
        await expect(page.locator(`#mark-${walkIn.id}`).isChecked()).resolves.toBe(true);
        await expect(page.locator(`#mark-${second.id}-absent`).isChecked()).resolves.toBe(true);
        await pressByKeyboard(page, page.getByRole('button', { name: 'Save the register' }));
        await page.getByText('Register saved').waitFor();
        await checkPage(page, 'trainer-register-saved');

        const register = await admin.get<{ records: Array<{ personId: string; status: string; walkIn: boolean }> }>(`/api/sessions/${sessionId}/attendance`);
        expect(Object.fromEntries(register.records.map((record) => [record.personId, [record.status, record.walkIn]]))).toEqual({
          [first.id]: ['attended', false],
          [second.id]: ['absent', false],
          [walkIn.id]: ['attended', true],
        });
        const history = (await page.locator('#history + table').textContent())!.replace(/\s+/g, ' ');
        expect(history).toContain(`Who ${walkIn.name} Walk-in added Change Not marked → Attended By ${trainer.name}`);
        expect(history).toContain(`Who ${second.name} Change Not marked → Absent By ${trainer.name}`);
        expect(history).toContain(`Who ${first.name} Change Not marked → Attended By ${trainer.name}`);

        // The sign-in sheet, on screen and as printed.
        await andWait(page, page.getByRole('link', { name: 'Print a sign-in sheet' }).click());
        await checkPage(page, 'trainer-sign-in-sheet');
        await page.emulateMedia({ media: 'print' });
        await expect(page.locator('.nhsuk-header').isVisible()).resolves.toBe(false);
        const printed = (await page.locator('.app-sign-in-table').textContent())!.replace(/\s+/g, ' ');
        expect(printed).toContain(`${first.name} Mental Health North Ayrshire Health and Social Care Partnership`);
        expect(printed).toContain('Signature');
        await checkPage(page, 'trainer-sign-in-sheet-printed');
        await page.emulateMedia({ media: 'screen' });

        await page.goto('/trainer/sessions');
        await page.getByText('Under way').waitFor();
        await checkPage(page, 'trainer-my-sessions');
        await page.context().close();
      },
      JOURNEY_TIMEOUT_MS,
    );
  });

  it('shows another trainer the session but not its register: the 403 page', async () => {
    const owner = await admin.createPerson({ organisationId, name: 'Morag Owner', roles: ['trainer'] });
    const other = await admin.createPerson({ organisationId, name: 'Graham Other', roles: ['trainer'] });
    const session = await admin.createSession({ courseId: course.id, trainerIds: [owner.id] });
    const page = await h.openPage();
    await h.signIn(page, other.email);
    await page.goto(`/trainer/sessions/${session.id}`);
    await page.getByText('You do not train this session').waitFor();
    expect((await page.goto(`/trainer/sessions/${session.id}/register`))?.status()).toBe(403);
    await page.getByRole('heading', { name: 'You cannot do this' }).waitFor();
    await checkPage(page, 'trainer-register-forbidden');
  });
});
