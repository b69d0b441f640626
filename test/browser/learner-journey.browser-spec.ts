import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import type { Locator, Page } from 'playwright-core';
import { ApiClient, Course, Person } from '../support/api-client';
import { BrowserHarness, checkPage, pressByKeyboard, startBrowserHarness, typeByKeyboard } from '../support/browser';
import { ParsedCalendar, parseCalendar } from '../support/icalendar';
import { linkIn } from '../support/mailbox';
import { testDialect } from '../support/test-database';

const ZONE = 'Europe/London';
const SERVICE = 'Information skills training – NHS Ayrshire & Arran';
const JOURNEY_TIMEOUT_MS = 15 * 60_000;

/** 10:00 London time, `days` days from today: sessions start on the hour, as real ones do. */
function tenOClock(days: number): string {
  return DateTime.now().setZone(ZONE).plus({ days }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO()!;
}

/** The London calendar day of an instant, as typed into the date boxes. */
function londonDay(iso: string): { day: string; month: string; year: string } {
  const day = DateTime.fromISO(iso).setZone(ZONE);
  return { day: String(day.day), month: String(day.month), year: String(day.year) };
}

/** The iCalendar part of an e-mail (the invitation or cancellation it carries), parsed. */
function calendarIn(mail: ParsedMail): ParsedCalendar {
  const part = mail.attachments.find((attachment) => attachment.contentType.startsWith('text/calendar'));
  if (!part) throw new Error(`"${mail.subject}" carries no text/calendar part`);
  return parseCalendar(part.content.toString('utf8'));
}

/** The one event of a calendar. */
function onlyEvent(calendar: ParsedCalendar) {
  expect(calendar.events).toHaveLength(1);
  return calendar.events[0];
}

/** The session links of a "Find training" page, in the order shown. */
async function listedSessionIds(page: Page): Promise<string[]> {
  const hrefs = await page.locator('a.nhsuk-card__link').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  return hrefs.map((href) => href.replace('/sessions/', ''));
}

/** Sets a date input's three boxes (`from` or `to`) on Find training. */
async function fillDate(page: Page, name: 'from' | 'to', parts: { day: string; month: string; year: string }): Promise<void> {
  await page.locator(`#${name}-day`).fill(parts.day);
  await page.locator(`#${name}-month`).fill(parts.month);
  await page.locator(`#${name}-year`).fill(parts.year);
}

/** Presses a button or link and waits for the page it leads to. */
async function follow(page: Page, target: Locator, arrived: (url: URL) => boolean, how: 'click' | 'keyboard' = 'click'): Promise<void> {
  try {
    await Promise.all([page.waitForURL(arrived), how === 'click' ? target.click() : pressByKeyboard(page, target)]);
  } catch (error) {
    throw new Error(`pressing ${String(target)} (${how}) on ${page.url()} did not lead where expected: ${String(error)}`);
  }
}

const bookingIdIn = (page: Page) => /^\/bookings\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1] ?? '';

/**
 * The social worker's whole journey in a real browser, from the sign-in e-mail the app really
 * sent: find a session with the filters, book it, see it in My bookings, join the waiting list of
 * a full session and be promoted when someone else cancels, cancel a place, take the booking's
 * .ics, check in with the trainer's code, and see the training record. Once with JavaScript and
 * once without (a different person each time); booking and cancelling by keyboard alone. Every
 * page, in every state reached, passes checkPage (axe WCAG 2.0–2.2 A/AA, 320 px, no other host)
 * and is photographed for docs/screenshots/learner-*.png.
 */
describe(`the learner's journey in the browser (${testDialect()})`, () => {
  let h: BrowserHarness;
  let admin: ApiClient;
  let asTrainer: ApiClient;
  let organisationId: string;
  let trainer: Person;
  let literature: Course;
  let appraisal: Course;
  let evidence: Course;
  let eLibrary: Course;

  beforeAll(async () => {
    h = await startBrowserHarness();
    admin = await h.service.admin();
    organisationId = (await admin.createOrganisation({ code: 'NAHSCP', name: 'North Ayrshire Health and Social Care Partnership' })).id;
    trainer = await admin.createPerson({ organisationId, name: 'Fiona Dunlop', email: 'fiona.dunlop@example.test', roles: ['trainer'] });
    asTrainer = await h.service.signInByApi(trainer.email);
    literature = await admin.createCourse({
      title: 'Literature searching for social work practice',
      description:
        'Turn a question from your practice into a search, and find research and guidance in the NHS Knowledge Network databases.\n\n' +
        'Bring your NHS OpenAthens username and password.',
      durationMinutes: 120,
      cpdHours: 2,
    });
    appraisal = await admin.createCourse({ title: 'Critical appraisal: is this research any good?', cpdHours: 2 });
    evidence = await admin.createCourse({ title: 'Finding the evidence in 30 minutes', cpdHours: 0.5 });
    eLibrary = await admin.createCourse({ title: 'Using the Knowledge Network e-library', cpdHours: 1.5 });
  });
  afterAll(() => h?.close());

  it('shows a learner an empty Find training before any session is published', async () => {
    const learner = await admin.createPerson({ organisationId, name: 'Jamie Boyd', email: 'jamie.boyd@example.test' });
    const page = await h.openPage();
    await h.signIn(page, learner.email);
    await page.goto('/sessions');
    await page.getByText('There are no upcoming sessions at the moment').waitFor();
    expect(await listedSessionIds(page)).toEqual([]);
    await checkPage(page, 'learner-find-training-empty');
  });

  describe.each([
    { javaScript: true, name: 'Rhona Campbell', email: 'rhona.campbell@example.test', other: 'Morven Reid', run: 0 },
    { javaScript: false, name: 'Kieran Docherty', email: 'kieran.docherty@example.test', other: 'Scott Wilson', run: 1 },
  ])('JavaScript $javaScript', ({ javaScript, name, email, other, run }) => {
    it(
      'signs in from the e-mail, finds, books, waits, is promoted, cancels, takes the .ics, checks in and sees the record',
      async () => {
        const learner = await admin.createPerson({ organisationId, name, email, team: 'Children and families', jobTitle: 'Social worker' });
        const someoneElse = await admin.createPerson({ organisationId, name: other });
        // Each run's sessions on days of its own, so the filters pick out this run's session alone.
        const toBook = await admin.createSession({ courseId: literature.id, startsAt: tenOClock(14 + run), trainerIds: [trainer.id], capacity: 12 });
        const later = await admin.createSession({ courseId: literature.id, startsAt: tenOClock(40 + run), trainerIds: [trainer.id], capacity: 12 });
        const full = await admin.createSession({
          courseId: appraisal.id,
          startsAt: tenOClock(21 + run),
          trainerIds: [trainer.id],
          capacity: 1,
          location: 'Online (Microsoft Teams)',
          onlineUrl: 'https://teams.example.test/meet/critical-appraisal',
        });
        const othersPlace = await admin.post<{ id: string; status: string }>('/api/bookings', { sessionId: full.id, personId: someoneElse.id });
        expect(othersPlace.status).toBe('confirmed');

        const page = await h.openPage({ javaScript });
        const title = () => page.title();
        const heading = (text: string | RegExp) => page.getByRole('heading', { name: text, level: 1 });

        // Signing in from a bookmark: sign-in, the real e-mail, the link, one button, back where they were going.
        await page.goto('/sessions');
        expect(new URL(page.url()).pathname).toBe('/sign-in');
        await typeByKeyboard(page, page.getByLabel('Work e-mail address'), email);
        await follow(page, page.getByRole('button', { name: 'Send me a sign-in link' }), (url) => url.pathname === '/sign-in', 'keyboard');
        await heading('Check your e-mail').waitFor();
        const signInLink = linkIn(await h.service.mail.waitFor(email, /sign-in link/i), h.baseUrl, '/auth/callback');
        await page.goto(signInLink);
        await follow(page, page.getByRole('button', { name: 'Sign in' }), (url) => url.pathname === '/sessions', 'keyboard');

        // Find training: every upcoming session, soonest first, in the session's own zone.
        await heading('Find training').waitFor();
        expect(await title()).toBe(`Find training – ${SERVICE}`);
        const listed = await listedSessionIds(page);
        expect(listed).toEqual(expect.arrayContaining([toBook.id, later.id, full.id]));
        expect(listed.indexOf(toBook.id)).toBeLessThan(listed.indexOf(full.id));
        expect(listed.indexOf(full.id)).toBeLessThan(listed.indexOf(later.id));
        const toBookCard = page.locator('li', { has: page.locator(`a[href="/sessions/${toBook.id}"]`) });
        await expect(toBookCard.innerText()).resolves.toMatch(/10:00 to 12:00 (GMT|BST)[\s\S]*Library, University Hospital Crosshouse[\s\S]*With Fiona Dunlop[\s\S]*12 places left/);
        const fullCard = page.locator('li', { has: page.locator(`a[href="/sessions/${full.id}"]`) });
        await expect(fullCard.innerText()).resolves.toContain('Full – you can join the waiting list');
        await checkPage(page, 'learner-find-training');

        // The used sign-in link offers a new one; an unknown session is the 404 page.
        expect((await page.goto(signInLink))?.status()).toBe(410);
        await heading('This sign-in link has expired or has already been used').waitFor();
        await checkPage(page, 'learner-sign-in-link-expired');
        expect((await page.goto(`/sessions/${randomUUID()}`))?.status()).toBe(404);
        await heading('Page not found').waitFor();
        expect(await title()).toBe(`Page not found – ${SERVICE}`);
        await checkPage(page, 'learner-not-found');
        expect((await page.goto('/sessions/not-a-session'))?.status()).toBe(404);
        await heading('Page not found').waitFor();

        // Nothing booked or attended yet.
        await page.goto('/bookings');
        await page.getByText('You have no bookings yet').waitFor();
        await checkPage(page, 'learner-my-bookings-empty');
        await page.getByRole('link', { name: 'My training record' }).click();
        await page.getByText('You have no training recorded yet.').waitFor();
        await checkPage(page, 'learner-training-record-empty');

        // The filters: a date that is not real comes back with the NHS error pattern, what was typed kept.
        await page.getByRole('link', { name: 'Find training' }).first().click();
        await heading('Find training').waitFor();
        const { year } = londonDay(toBook.startsAt);
        await fillDate(page, 'from', { day: '31', month: '2', year });
        await follow(page, page.getByRole('button', { name: 'Apply filters' }), (url) => url.searchParams.get('from-day') === '31');
        expect(await title()).toBe(`Error: Find training – ${SERVICE}`);
        const errorSummary = page.locator('.nhsuk-error-summary');
        await expect(errorSummary.getByRole('link', { name: "The 'from' date must be a real date" }).getAttribute('href')).resolves.toBe('#from-day');
        await expect(page.locator('#from-day').inputValue()).resolves.toBe('31');
        await expect(page.locator('#from-month').inputValue()).resolves.toBe('2');
        await checkPage(page, 'learner-find-training-errors');

        // A full course with "places left" ticked: nothing, and what to change.
        await page.locator('#course').selectOption({ label: appraisal.title });
        await fillDate(page, 'from', { day: '', month: '', year: '' });
        await page.getByLabel('Only show sessions with places left').check();
        await follow(page, page.getByRole('button', { name: 'Apply filters' }), (url) => url.searchParams.get('places') === 'left');
        await page.getByText('No upcoming sessions match your filters.').waitFor();
        expect(await listedSessionIds(page)).toEqual([]);
        await checkPage(page, 'learner-find-training-no-match');

        // Course and the session's own day: that session alone.
        await page.locator('#course').selectOption({ label: literature.title });
        await fillDate(page, 'from', londonDay(toBook.startsAt));
        await fillDate(page, 'to', londonDay(toBook.startsAt));
        await follow(page, page.getByRole('button', { name: 'Apply filters' }), (url) => url.searchParams.get('course') === literature.id);
        expect(await listedSessionIds(page)).toEqual([toBook.id]);
        await checkPage(page, 'learner-find-training-filtered');

        // The session's page, and booking it by keyboard.
        await follow(page, page.locator(`a[href="/sessions/${toBook.id}"]`), (url) => url.pathname === `/sessions/${toBook.id}`);
        await heading(literature.title).waitFor();
        await page.getByText('Bring your NHS OpenAthens username and password.').waitFor();
        await checkPage(page, 'learner-session');
        await follow(page, page.getByRole('button', { name: 'Book a place' }), (url) => url.searchParams.get('booked') === 'yes', 'keyboard');
        const bookingId = bookingIdIn(page);
        await heading('You are booked').waitFor();
        await page.getByText(`You are booked on ${literature.title}`).waitFor();
        await checkPage(page, 'learner-booked');

        // The confirmation e-mail links this booking and invites to the same event the page's .ics holds.
        const confirmation = await h.service.mail.waitFor(email, /^Booking confirmed/);
        expect(linkIn(confirmation, h.baseUrl, '/bookings/')).toBe(`${h.baseUrl}/bookings/${bookingId}`);
        const invited = onlyEvent(calendarIn(confirmation));
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Add to calendar/ }).click()]);
        expect(download.suggestedFilename()).toMatch(/\.ics$/);
        const downloaded = onlyEvent(parseCalendar(await readFile(await download.path(), 'utf8')));
        expect(downloaded.uid).toBe(invited.uid);
        expect(downloaded.summary).toContain(literature.title);
        expect(downloaded.start.getTime()).toBe(new Date(toBook.startsAt).getTime());
        expect(downloaded.sequence).toBeGreaterThanOrEqual(invited.sequence);

        // A full session: the waiting list, joined by keyboard.
        await page.goto(`/sessions/${full.id}`);
        await page.getByText('This session is full.').waitFor();
        await checkPage(page, 'learner-session-full');
        await follow(page, page.getByRole('button', { name: 'Join the waiting list' }), (url) => url.searchParams.get('booked') === 'yes', 'keyboard');
        const waitlistedId = bookingIdIn(page);
        await heading('You are number 1 on the waiting list').waitFor();
        await checkPage(page, 'learner-waitlisted');
        await h.service.mail.waitFor(email, /^On the waiting list \(number 1\)/);
        await page.goto(`/sessions/${full.id}`);
        await page.getByRole('heading', { name: 'You are number 1 on the waiting list' }).waitFor();
        await checkPage(page, 'learner-session-waitlisted');

        // My bookings: the place and the waiting list.
        await page.getByRole('link', { name: 'My bookings' }).first().click();
        await heading('My bookings').waitFor();
        const cardOf = (id: string) => page.locator('li', { has: page.locator(`a[href="/bookings/${id}"]`) });
        await expect(cardOf(bookingId).innerText()).resolves.toContain('Booked');
        await expect(cardOf(waitlistedId).innerText()).resolves.toContain('Waiting list: number 1');
        await checkPage(page, 'learner-my-bookings');

        // Someone else gives their place back (an administrator cancels it): the place is the learner's.
        await admin.post(`/api/bookings/${othersPlace.id}/cancel`, {}, 200);
        const promotion = await h.service.mail.waitFor(email, /^A place is now yours/);
        await page.goto(linkIn(promotion, h.baseUrl, '/bookings/'));
        expect(bookingIdIn(page)).toBe(waitlistedId);
        await heading('You are booked').waitFor();
        await expect(page.locator('.nhsuk-summary-list .nhsuk-tag').innerText()).resolves.toBe('Booked');
        await page.getByRole('link', { name: 'https://teams.example.test/meet/critical-appraisal' }).waitFor();
        await checkPage(page, 'learner-promoted');
        const promotedUid = onlyEvent(calendarIn(promotion)).uid;

        // Cancelling the first place, by keyboard, after a confirmation page.
        await page.goto(`/bookings/${bookingId}`);
        await follow(page, page.getByRole('button', { name: 'Cancel your place' }), (url) => url.pathname === `/bookings/${bookingId}/cancel`, 'keyboard');
        await heading(`Are you sure you want to cancel your place on ${literature.title}?`).waitFor();
        await checkPage(page, 'learner-cancel-confirm');
        await follow(page, page.getByRole('button', { name: 'Yes, cancel my place' }), (url) => url.searchParams.get('cancelled') === 'place', 'keyboard');
        await heading('Your booking is cancelled').waitFor();
        await page.getByText('You have cancelled your place').waitFor();
        await expect(page.locator('.nhsuk-summary-list .nhsuk-tag').innerText()).resolves.toBe('Cancelled');
        await checkPage(page, 'learner-cancelled');
        const cancellation = onlyEvent(calendarIn(await h.service.mail.waitFor(email, /^Booking cancelled/)));
        expect(cancellation).toMatchObject({ uid: invited.uid, status: 'CANCELLED' });
        expect(cancellation.sequence).toBeGreaterThan(invited.sequence);

        // The calendar feed: the page, and the address it gives serves the place that is still held.
        await page.goto('/bookings');
        await page.getByRole('link', { name: 'subscribe to your calendar feed' }).click();
        await heading('Subscribe to your bookings in your calendar').waitFor();
        await checkPage(page, 'learner-calendar-feed');
        const feedUrl = await page.getByLabel('Your calendar feed address').inputValue();
        expect(feedUrl.startsWith(h.baseUrl)).toBe(true);
        const feed = parseCalendar(await (await fetch(feedUrl)).text());
        const heldInFeed = feed.events.filter((event) => event.status !== 'CANCELLED').map((event) => event.uid);
        expect(heldInFeed).toContain(promotedUid);
        expect(heldInFeed).not.toContain(invited.uid);

        // Check-in: a session starting in a few minutes, whose check-in window (15 minutes before the start) is open.
        // It starts on the first five-minute mark at least five minutes away, so booking it is still allowed.
        const startsAt = DateTime.fromMillis(Math.ceil((Date.now() + 5 * 60_000) / (5 * 60_000)) * 5 * 60_000);
        const inTheRoom = await admin.createSession({
          courseId: evidence.id,
          startsAt: startsAt.toUTC().toISO()!,
          endsAt: startsAt.plus({ minutes: 30 }).toUTC().toISO()!,
          trainerIds: [trainer.id],
          location: 'Seminar room 2, Ayrshire Central Hospital',
        });
        await admin.post('/api/bookings', { sessionId: inTheRoom.id, personId: learner.id });
        const { code } = await asTrainer.post<{ code: string }>(`/api/sessions/${inTheRoom.id}/check-in-code`, {}, 200);
        await page.goto(`/sessions/${inTheRoom.id}`);
        await page.getByText('Check-in is open.').waitFor();
        await checkPage(page, 'learner-session-check-in-open');
        await follow(page, page.getByRole('button', { name: 'Check in' }), (url) => url.pathname === '/check-in');
        await heading('Check in').waitFor();
        await page.getByRole('heading', { name: evidence.title }).waitFor();
        await checkPage(page, 'learner-check-in');

        const wrongCode = [...code].map((character) => (character === 'A' ? 'B' : 'A')).join('');
        const codeField = page.getByLabel('Check-in code');
        await codeField.fill(wrongCode);
        await follow(page, page.getByRole('button', { name: 'Check in' }), (url) => url.pathname === '/check-in');
        await page.locator('.nhsuk-error-summary').waitFor();
        expect(await title()).toBe(`Error: Check in – ${SERVICE}`);
        await expect(page.locator('.nhsuk-error-summary').innerText()).resolves.toContain('The code is not right');
        await expect(codeField.inputValue()).resolves.toBe(wrongCode);
        await checkPage(page, 'learner-check-in-wrong-code');

        // Typed as people type it: lower case, a space in the middle.
        await codeField.fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`);
        await follow(page, page.getByRole('button', { name: 'Check in' }), (url) => url.pathname === '/check-in');
        await page.getByRole('heading', { name: 'You are checked in' }).waitFor();
        await checkPage(page, 'learner-checked-in');

        // The training record: the session checked in to, and one the trainer marked afterwards.
        const yesterday = await admin.createSession({ courseId: eLibrary.id, startsAt: tenOClock(-1), trainerIds: [trainer.id] });
        await asTrainer.request('PUT', `/api/sessions/${yesterday.id}/attendance`, { records: [{ personId: learner.id, status: 'attended' }] }, 200);
        await page.getByRole('link', { name: 'My training record' }).first().click();
        await heading('My training record').waitFor();
        const record = page.locator('table');
        await expect(record.innerText()).resolves.toContain(eLibrary.title);
        await expect(record.innerText()).resolves.toContain(evidence.title);
        await page.getByText('You have attended 2 sessions: 2 hours of continuing professional development (CPD).').waitFor();
        await checkPage(page, 'learner-training-record');
        const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download your training record/ }).click()]);
        const csvText = await readFile(await csv.path(), 'utf8');
        expect(csvText).toContain(eLibrary.title);
        expect(csvText).toContain(evidence.title);

        // A stale form (an old tab) while still signed in: nothing booked, and one step back to the session.
        await page.goto(`/sessions/${later.id}`);
        await page.locator(`form[action="/sessions/${later.id}/book"] input[name="_csrf"]`).evaluate((field: HTMLInputElement) => (field.value = 'a-token-from-an-old-tab'));
        await follow(page, page.getByRole('button', { name: 'Book a place' }), (url) => url.pathname === '/sign-in');
        expect(new URL(page.url()).searchParams.get('next')).toBe(`/sessions/${later.id}`);
        await heading('Your form had expired').waitFor();
        await page.getByText('Nothing was changed.').waitFor();
        await checkPage(page, 'learner-form-expired');
        expect((await admin.get<{ total: number }>(`/api/bookings?sessionId=${later.id}&personId=${learner.id}`)).total).toBe(0);
        await follow(page, page.getByRole('button', { name: 'Go back and try again' }), (url) => url.pathname === `/sessions/${later.id}`);
        await page.getByRole('button', { name: 'Book a place' }).waitFor();

        await page.context().close();
      },
      JOURNEY_TIMEOUT_MS,
    );
  });
});
