import { AttendanceRecord } from '../../src/attendance/attendance-record.entity';
import { CheckInAttempt } from '../../src/attendance/check-in-attempt.entity';
import { Person } from '../../src/people/person.entity';
import { TrainingSession } from '../../src/sessions/training-session.entity';
import { makeCourse, makeOrganisation, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { makeAttendance, makeConfirmedBooking } from '../factories/attendance';
import { eventually } from '../support/eventually';
import { parseCalendar, ParsedCalendar } from '../support/icalendar';
import { calendarParts, SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';
import { cookieHeader, openForm, pageText } from '../support/web-form';

const NOW = '2027-01-11T09:00:00.000Z';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The part of a page's text between two headings (or to the end). */
function section(html: string, heading: string, nextHeading?: string): string {
  const text = pageText(html);
  const start = text.indexOf(heading);
  if (start < 0) throw new Error(`no "${heading}" on the page:\n${text}`);
  const end = nextHeading ? text.indexOf(nextHeading, start) : -1;
  return text.slice(start, end < 0 ? undefined : end);
}

describe(`web: my bookings, calendar, training record and check-in (${testDialect()})`, () => {
  let sink: SmtpSink;
  let t: TestApp;
  let organisationId: string;
  let trainer: SignedInPerson;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ now: NOW, env: { SMTP_URL: sink.url } });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    trainer = await makeSignedIn(t.dataSource, organisationId, ['trainer'], { name: 'Morag Trainer' });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });
  beforeEach(() => t.clock.set(NOW));

  const learner = (overrides: Partial<Person> = {}) => makeSignedIn(t.dataSource, organisationId, ['learner'], overrides);
  const page = (path: string, who: SignedInPerson) => t.http.get(path).set('Cookie', `tt_session=${who.token}`);

  async function session(title: string, startsAt: Date, overrides: Partial<TrainingSession> = {}, cpdHours: number | null = 2) {
    const course = await makeCourse(t.dataSource, { title, cpdHours });
    return makeSession(t.dataSource, {
      courseId: course.id,
      trainerIds: [trainer.person.id],
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      now: t.clock.now(),
      ...overrides,
    });
  }
  const fromNow = (ms: number) => new Date(t.clock.now().getTime() + ms);
  const book = async (who: SignedInPerson, sessionId: string): Promise<{ id: string; status: string }> =>
    (await t.http.post('/api/bookings').set(who.auth).send({ sessionId }).expect(201)).body;

  /** The calendar part of the newest e-mail to the person whose subject matches. */
  async function invitationMailed(who: SignedInPerson, subject: RegExp): Promise<ParsedCalendar> {
    return eventually(() => {
      const mail = sink.received.filter((m) => m.envelope.to.includes(who.person.email!) && subject.test(m.parsed.subject ?? '')).at(-1);
      expect(mail).toBeDefined();
      return parseCalendar(calendarParts(mail!).alternative!.content);
    });
  }

  describe('My bookings', () => {
    it('lists upcoming bookings soonest first and past ones latest first, with status, times in each session’s zone, and links', async () => {
      const isla = await learner();
      const others = [await learner(), await learner()];

      const london = await session('Literature searching for social work practice', fromNow(10 * DAY), { location: 'Crosshouse Hospital library' });
      const newYork = await session('Finding evidence online', fromNow(5 * DAY), { timezone: 'America/New_York', location: null, onlineUrl: 'https://meet.example.test/x' });
      const full = await session('Using the library catalogue', fromNow(15 * DAY), { capacity: 1 });
      const attended = await session('Critical appraisal', fromNow(-30 * DAY));
      const missed = await session('Referencing', fromNow(-20 * DAY));
      const cancelledLater = await session('Systematic reviews', fromNow(20 * DAY));

      const londonBooking = await book(isla, london.id);
      const newYorkBooking = await book(isla, newYork.id);
      await book(others[0], full.id);
      await book(others[1], full.id);
      const waitlisted = await book(isla, full.id);
      expect(waitlisted.status).toBe('waitlisted');
      const cancelled = await book(isla, cancelledLater.id);
      await t.http.post(`/api/bookings/${cancelled.id}/cancel`).set(isla.auth).expect(200);
      const attendedBooking = await makeConfirmedBooking(t.dataSource, attended.id, isla.person.id);
      await makeAttendance(t.dataSource, { sessionId: attended.id, personId: isla.person.id, status: 'attended', bookingId: attendedBooking.id });
      const missedBooking = await makeConfirmedBooking(t.dataSource, missed.id, isla.person.id);
      await makeAttendance(t.dataSource, { sessionId: missed.id, personId: isla.person.id, status: 'absent', bookingId: missedBooking.id });

      const res = await page('/bookings', isla).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('<title>My bookings – Information skills training – NHS Ayrshire &amp; Arran</title>');

      const upcoming = section(res.text, 'Coming up', 'Past and cancelled');
      const order = ['Finding evidence online', 'Literature searching for social work practice', 'Using the library catalogue'].map((title) => upcoming.indexOf(title));
      expect(order.every((at) => at >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      // Monday 11 January 2027 + 5 days, 09:00 UTC: 04:00 in New York (UTC-5); + 10 days in London (GMT).
      expect(upcoming).toContain('Finding evidence online Booked Saturday 16 January 2027 04:00 to 06:00 GMT-5 Online');
      expect(upcoming).toContain('Literature searching for social work practice Booked Thursday 21 January 2027 09:00 to 11:00 GMT Crosshouse Hospital library');
      expect(upcoming).toContain('Using the library catalogue Waiting list: number 2');

      const past = section(res.text, 'Past and cancelled', 'Your bookings in your calendar');
      const pastOrder = ['Systematic reviews', 'Referencing', 'Critical appraisal'].map((title) => past.indexOf(title));
      expect(pastOrder.every((at) => at >= 0)).toBe(true);
      expect([...pastOrder].sort((a, b) => a - b)).toEqual(pastOrder);
      expect(past).toContain('Systematic reviews Cancelled');
      expect(past).toContain('Referencing Did not attend');
      expect(past).toContain('Critical appraisal Attended');

      for (const id of [londonBooking.id, newYorkBooking.id, waitlisted.id, cancelled.id, attendedBooking.id]) {
        expect(res.text).toContain(`href="/bookings/${id}"`);
      }
      // "Add to calendar" only for a confirmed place still to come.
      const calendarLinks = [...res.text.matchAll(/href="\/bookings\/([0-9a-f-]+)\/calendar\.ics"/g)].map((m) => m[1]).sort();
      expect(calendarLinks).toEqual([londonBooking.id, newYorkBooking.id].sort());
      expect(res.text).toContain('href="/bookings/calendar-feed"');
      // Someone else's bookings never show.
      const othersPage = await page('/bookings', others[0]).expect(200);
      expect(othersPage.text).not.toContain('Literature searching for social work practice');
    });

    it('tells a person with no bookings where to find training', async () => {
      const newcomer = await learner();
      const res = await page('/bookings', newcomer).expect(200);
      expect(pageText(res.text)).toContain('You have no bookings yet.');
      expect(res.text).toMatch(/<a\s(?=[^>]*href="\/sessions")(?=[^>]*class="nhsuk-button")[^>]*>\s*Find training/);
      expect(res.text).not.toContain('Coming up');
    });
  });

  describe('Add to calendar', () => {
    it('downloads the booking’s event with the UID and SEQUENCE of its e-mails, and the cancellation once cancelled', async () => {
      const ailsa = await learner();
      const target = await session('Literature searching for social work practice', new Date('2027-03-31T08:00:00Z'), { location: 'Crosshouse Hospital library' });
      const booking = await book(ailsa, target.id);
      const confirmation = await invitationMailed(ailsa, /^Booking confirmed/);

      const res = await page(`/bookings/${booking.id}/calendar.ics`, ailsa).expect(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="literature-searching-for-social-work-practice-2027-03-31.ics"');
      const download = parseCalendar(res.text);
      expect(download.method).toBe('PUBLISH');
      expect(download.events).toHaveLength(1);
      const [event] = download.events;
      expect(event.uid).toBe(confirmation.events[0].uid);
      expect(event.uid).toBe(`${target.id}.${ailsa.person.id}@localhost`);
      expect(event.sequence).toBe(confirmation.events[0].sequence);
      expect(event).toMatchObject({ status: 'CONFIRMED', summary: 'Literature searching for social work practice', startTzid: 'Europe/London', location: 'Crosshouse Hospital library', attendees: [] });
      // 31 March 2027 is after the clocks went forward: 09:00 BST is 08:00 UTC.
      expect(event.start.toISOString()).toBe('2027-03-31T08:00:00.000Z');
      expect(event.end.toISOString()).toBe('2027-03-31T10:00:00.000Z');

      t.clock.advance(60_000);
      await t.http.post(`/api/bookings/${booking.id}/cancel`).set(ailsa.auth).expect(200);
      const cancellation = await invitationMailed(ailsa, /^Booking cancelled/);
      const afterCancel = await page(`/bookings/${booking.id}/calendar.ics`, ailsa).expect(200);
      expect(afterCancel.headers['content-disposition']).toBe('attachment; filename="literature-searching-for-social-work-practice-2027-03-31-cancelled.ics"');
      const withdrawn = parseCalendar(afterCancel.text);
      expect(withdrawn.method).toBe('CANCEL');
      expect(withdrawn.events[0]).toMatchObject({ uid: event.uid, status: 'CANCELLED', sequence: cancellation.events[0].sequence });
      expect(withdrawn.events[0].description).toContain('Your booking for this session is cancelled.');
      expect(withdrawn.events[0].sequence).toBeGreaterThan(event.sequence);
    });

    it('explains that a waiting-list place has nothing to add yet', async () => {
      const full = await session('Using the library catalogue', fromNow(3 * DAY), { capacity: 1 });
      await book(await learner(), full.id);
      const waiting = await learner();
      const booking = await book(waiting, full.id);
      const res = await page(`/bookings/${booking.id}/calendar.ics`, waiting).expect(409);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(pageText(res.text)).toContain('You are on the waiting list, so there is nothing to add to your calendar yet.');
      expect(res.text).toContain(`href="/bookings/${booking.id}"`);
    });

    it('is 404 for another person’s booking, an unknown id and a malformed one; the session’s trainer may download it', async () => {
      const owner = await learner();
      const target = await session('Referencing', fromNow(4 * DAY));
      const booking = await book(owner, target.id);
      const stranger = await learner();
      const refused = await page(`/bookings/${booking.id}/calendar.ics`, stranger).expect(404);
      expect(refused.headers['content-type']).toMatch(/^text\/html/);
      expect(refused.text).toContain('Page not found');
      expect(refused.text).not.toContain('BEGIN:VCALENDAR');
      await page('/bookings/00000000-0000-4000-8000-000000000000/calendar.ics', owner).expect(404);
      await page('/bookings/not-an-id/calendar.ics', owner).expect(404);
      const asTrainer = await t.http.get(`/bookings/${booking.id}/calendar.ics`).set('Cookie', `tt_session=${trainer.token}`).expect(200);
      expect(parseCalendar(asTrainer.text).events[0].uid).toBe(`${target.id}.${owner.person.id}@localhost`);
    });
  });

  describe('calendar feed', () => {
    it('shows the personal feed address with instructions; resetting it after confirmation stops the old one', async () => {
      const morag = await learner();
      const booked = await session('Literature searching for social work practice', fromNow(6 * DAY));
      await book(morag, booked.id);

      const feedPage = await page('/bookings/calendar-feed', morag).expect(200);
      const { url } = (await t.http.get('/api/people/me/calendar-feed').set(morag.auth).expect(200)).body as { url: string };
      expect(url).toMatch(/^http:\/\/localhost:3999\/api\/calendar-feeds\/[A-Za-z0-9_-]{43}\.ics$/);
      expect(feedPage.text).toMatch(new RegExp(`<textarea[^>]*readonly[^>]*>${url.replace(/[.?]/g, '\\$&')}</textarea>`));
      const text = pageText(feedPage.text);
      for (const step of ['Add calendar , then Subscribe from web', 'Other calendars , select the plus sign (+), then From URL', 'File , then New Calendar Subscription']) {
        expect(text).toContain(step);
      }
      expect(text).toContain('Keep this address private');
      const oldPath = new URL(url).pathname;
      expect((await t.http.get(oldPath).expect(200)).text).toContain('SUMMARY:Literature searching for social work practice');

      const confirm = await openForm(t.http, '/bookings/calendar-feed/reset', morag.token);
      expect(confirm.html).toContain('Reset your calendar feed address?');
      expect(confirm.html).toMatch(/<form method="post" action="\/bookings\/calendar-feed\/reset"/);
      // Opening the confirmation changes nothing.
      await t.http.get(oldPath).expect(200);

      const reset = await t.http
        .post('/bookings/calendar-feed/reset')
        .set('Cookie', cookieHeader(confirm.jar))
        .type('form')
        .send({ _csrf: confirm.csrf })
        .expect(303);
      expect(reset.headers.location).toBe('/bookings/calendar-feed?reset=done');
      await t.http.get(oldPath).expect(404);

      const after = await page('/bookings/calendar-feed?reset=done', morag).expect(200);
      const { url: newUrl } = (await t.http.get('/api/people/me/calendar-feed').set(morag.auth).expect(200)).body as { url: string };
      expect(newUrl).not.toBe(url);
      expect(section(after.text, 'Your calendar feed address has been reset', 'Subscribe to your bookings')).toContain(newUrl);
      expect(after.text).not.toContain(url);
      await t.http.get(new URL(newUrl).pathname).expect(200);
      // Without the flag (a later visit), no banner.
      expect((await page('/bookings/calendar-feed', morag).expect(200)).text).not.toContain('has been reset');
    });

    it('refuses a reset posted from another site, and changes nothing', async () => {
      const target = await learner();
      const { url } = (await t.http.get('/api/people/me/calendar-feed').set(target.auth).expect(200)).body as { url: string };
      const forged = await t.http
        .post('/bookings/calendar-feed/reset')
        .set('Cookie', `tt_session=${target.token}`)
        .set('Origin', 'https://evil.example')
        .set('Sec-Fetch-Site', 'cross-site')
        .type('form')
        .send({ _csrf: 'guessed' })
        .expect(403);
      expect(forged.text).toContain('This form came from another website');
      const { url: after } = (await t.http.get('/api/people/me/calendar-feed').set(target.auth).expect(200)).body as { url: string };
      expect(after).toBe(url);
      await t.http.get(new URL(url).pathname).expect(200);
    });
  });

  describe('My training record', () => {
    it('lists sessions attended with dates and CPD hours, the total, and the same CSV as the API, cells neutralised', async () => {
      const rhona = await learner();
      const first = await session('Literature searching for social work practice', new Date('2026-11-03T14:00:00Z'), {}, 1.5);
      const second = await session('=HYPERLINK("http://evil.example","Critical appraisal")', new Date('2026-12-08T10:00:00Z'), {}, 2);
      const absent = await session('Referencing', new Date('2026-12-15T10:00:00Z'), {}, 3);
      for (const [s, status] of [
        [first, 'attended'],
        [second, 'attended'],
        [absent, 'absent'],
      ] as const) {
        const booking = await makeConfirmedBooking(t.dataSource, s.id, rhona.person.id);
        await makeAttendance(t.dataSource, { sessionId: s.id, personId: rhona.person.id, status, bookingId: booking.id });
      }

      const res = await page('/training-record', rhona).expect(200);
      const text = pageText(res.text);
      expect(text).toContain('You have attended 2 sessions: 3.5 hours of continuing professional development (CPD).');
      expect(text).toMatch(/3 November 2026 .*Literature searching for social work practice .*1\.5/);
      expect(text).toMatch(/8 December 2026 .*=HYPERLINK\("http:\/\/evil\.example","Critical appraisal"\) .*2/);
      expect(text).not.toContain('Referencing');
      expect(text).toContain('Total: 3.5 hours of CPD from 2 sessions');
      expect(res.text).toContain(`href="/sessions/${first.id}"`);
      expect(res.text).toContain('href="/training-record.csv"');

      const csv = await page('/training-record.csv', rhona).expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe('attachment; filename="my-training-2027-01-11.csv"');
      const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\n');
      expect(lines[0]).toBe('date,course,cpdHours,startsAt,endsAt,sessionId');
      expect(lines[1]).toBe(`2026-11-03,Literature searching for social work practice,1.5,2026-11-03T14:00:00.000Z,2026-11-03T16:00:00.000Z,${first.id}`);
      expect(lines[2]).toBe(`2026-12-08,"'=HYPERLINK(""http://evil.example"",""Critical appraisal"")",2,2026-12-08T10:00:00.000Z,2026-12-08T12:00:00.000Z,${second.id}`);
      expect(lines).toHaveLength(3);
      const api = await t.http.get('/api/people/me/training?format=csv').set(rhona.auth).expect(200);
      expect(csv.text).toBe(api.text);
    });

    it('has an empty state', async () => {
      const res = await page('/training-record', await learner()).expect(200);
      expect(pageText(res.text)).toContain('You have no training recorded yet.');
      expect(res.text).not.toContain('/training-record.csv');
    });
  });

  describe('check-in', () => {
    async function sessionStartingSoon(title: string, who: SignedInPerson) {
      const s = await session(title, fromNow(10 * 60_000));
      await makeConfirmedBooking(t.dataSource, s.id, who.person.id);
      const { code } = (await t.http.post(`/api/sessions/${s.id}/check-in-code`).set(trainer.auth).expect(200)).body as { code: string };
      return { session: s, code };
    }
    const wrongCodeFor = (code: string) => (code.startsWith('A') ? 'B' : 'A') + code.slice(1);
    /** Opens the check-in page, then submits its form as a browser would; expects the status. */
    const post = async (who: SignedInPerson, fields: Record<string, string>, status: number) => {
      const form = await openForm(t.http, '/check-in', who.token);
      return t.http.post('/check-in').set('Cookie', cookieHeader(form.jar)).type('form').send({ _csrf: form.csrf, ...fields }).expect(status);
    };
    const recordOf = (sessionId: string, who: SignedInPerson) => t.dataSource.getRepository(AttendanceRecord).findOneBy({ sessionId, personId: who.person.id });

    it('checks in with the right code, keeps what was typed after a wrong one, and My bookings then says so', async () => {
      const euan = await learner();
      const { session: s, code } = await sessionStartingSoon('Literature searching for social work practice', euan);

      const bookings = await page('/bookings', euan).expect(200);
      expect(bookings.text).toMatch(/href="\/check-in"[^>]*>\s*Check in/);

      const form = await page('/check-in', euan).expect(200);
      expect(form.text).toContain(`<input type="hidden" name="sessionId" value="${s.id}">`);
      expect(pageText(form.text)).toContain('Literature searching for social work practice Monday 11 January 2027, 09:10 to 11:10 GMT');

      const wrong = await post(euan, { sessionId: s.id, code: wrongCodeFor(code) }, 422);
      expect(wrong.text).toMatch(/<title>Error: Check in – /);
      expect(wrong.text).toContain('nhsuk-error-summary');
      expect(wrong.text).toContain('href="#code"');
      expect(wrong.text).toContain('The code is not right. Check the code your trainer shows and enter it again');
      expect(wrong.text).toContain(`value="${wrongCodeFor(code)}"`);
      expect(await recordOf(s.id, euan)).toBeNull();

      const right = await post(euan, { sessionId: s.id, code: ` ${code.slice(0, 3).toLowerCase()} ${code.slice(3)} ` }, 200);
      expect(right.text).toContain('You are checked in');
      expect(pageText(right.text)).toContain('Literature searching for social work practice');
      expect(await recordOf(s.id, euan)).toMatchObject({ status: 'attended', recordedById: euan.person.id });

      const after = await page('/bookings', euan).expect(200);
      expect(pageText(after.text)).toContain('You are checked in.');
      expect(after.text).not.toMatch(/href="\/check-in"/);
      expect(pageText((await page('/check-in', euan).expect(200)).text)).toContain('You are checked in to Literature searching for social work practice');
    });

    it('asks for a code in the right shape without counting it, and for the session when several are open', async () => {
      const fiona = await learner();
      const a = await sessionStartingSoon('Critical appraisal', fiona);
      const b = await sessionStartingSoon('Referencing', fiona);

      const form = await page('/check-in', fiona).expect(200);
      expect(form.text).toContain('Which session are you at?');
      expect(form.text).toContain(`value="${a.session.id}"`);
      expect(form.text).toContain(`value="${b.session.id}"`);
      expect(form.text).not.toMatch(/type="radio"[^>]*checked/);

      const noChoice = await post(fiona, { code: a.code }, 400);
      expect(noChoice.text).toContain('href="#sessionId"');
      expect(noChoice.text).toContain('Select the session you are at');
      const edited = await post(fiona, { sessionId: 'not-a-session', code: a.code }, 400);
      expect(edited.text).toContain('Select the session you are at');

      const malformed = await post(fiona, { sessionId: a.session.id, code: 'K0PX' }, 400);
      expect(malformed.text).toContain('Enter the 6-character code your trainer shows, like K7PX3M');
      expect(malformed.text).toContain('value="K0PX"');
      expect(malformed.text).toMatch(new RegExp(`value="${a.session.id}"[^>]*checked`));
      const empty = await post(fiona, { sessionId: a.session.id, code: '' }, 400);
      expect(empty.text).toContain('Enter the check-in code');
      expect(await t.dataSource.getRepository(CheckInAttempt).countBy({ personId: fiona.person.id })).toBe(0);

      await post(fiona, { sessionId: b.session.id, code: b.code }, 200);
      expect(await recordOf(b.session.id, fiona)).toMatchObject({ status: 'attended' });
      expect(await recordOf(a.session.id, fiona)).toBeNull();
    });

    it('says when check-in opens, refuses before and after the window with the times, and limits wrong guesses', async () => {
      const gail = await learner();
      const later = await session('Systematic reviews', fromNow(2 * HOUR));
      await makeConfirmedBooking(t.dataSource, later.id, gail.person.id);
      const { code } = (await t.http.post(`/api/sessions/${later.id}/check-in-code`).set(trainer.auth).expect(200)).body as { code: string };

      const closed = await page('/check-in', gail).expect(200);
      expect(pageText(closed.text)).toContain('You have no session open for check-in now.');
      expect(pageText(closed.text)).toContain('Check-in for Systematic reviews opens at 10:45 GMT on Monday 11 January 2027.');
      expect(closed.text).not.toContain('name="code"');

      const early = await post(gail, { sessionId: later.id, code }, 422);
      expect(early.text).toContain('href="#check-in"');
      expect(pageText(early.text)).toContain('Check-in for Systematic reviews is not open yet. It opens at 10:45 GMT on Monday 11 January 2027');

      t.clock.set(new Date(later.endsAt.getTime() + 60_000));
      const ended = await post(gail, { sessionId: later.id, code }, 422);
      expect(pageText(ended.text)).toContain('Check-in for Systematic reviews closed at 13:00 GMT on Monday 11 January 2027, when the session ended. Ask your trainer to mark you as attended.');
      expect(await recordOf(later.id, gail)).toBeNull();

      t.clock.set(new Date(later.startsAt.getTime() - 5 * 60_000));
      for (let attempt = 0; attempt < 5; attempt++) await post(gail, { sessionId: later.id, code: wrongCodeFor(code) }, 422);
      const limited = await post(gail, { sessionId: later.id, code }, 429);
      expect(limited.headers['retry-after']).toBe('600');
      expect(limited.text).toContain('href="#code"');
      expect(pageText(limited.text)).toContain('You have entered a wrong code too many times. Wait 10 minutes, then try again.');
      expect(await recordOf(later.id, gail)).toBeNull();

      t.clock.advance(10 * 60_000 + 1000);
      await post(gail, { sessionId: later.id, code }, 200);
    });
  });
});
