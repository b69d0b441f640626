import { Booking } from '../../src/bookings/booking.entity';
import { Course } from '../../src/courses/course.entity';
import { TrainingSession } from '../../src/sessions/training-session.entity';
import { makeCourse, makeOrganisation, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';
import { cookieHeader, csrfTokenIn, keepCookies, openForm, pageText } from '../support/web-form';

const NOW = '2027-01-05T09:00:00.000Z';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The session links of a "Find training" page, in the order shown. */
function listedSessionIds(html: string): string[] {
  return [...html.matchAll(/class="nhsuk-card__link" href="\/sessions\/([0-9a-f-]{36})"/g)].map((match) => match[1]);
}

function idempotencyKeyIn(html: string): string {
  const match = /name="idempotencyKey" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('the page has no booking form');
  return match[1];
}

describe(`web: find training, a session's page, booking and cancelling (${testDialect()})`, () => {
  let t: TestApp;
  let organisationId: string;
  let trainer: SignedInPerson;
  let literature: Course;
  let evidence: Course;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    trainer = await makeSignedIn(t.dataSource, organisationId, ['trainer'], { name: 'Fiona Dunlop' });
    literature = await makeCourse(t.dataSource, {
      title: 'Literature searching for social work practice',
      description: 'Turn a practice question into a search.\n\nBring your NHS OpenAthens username.',
      cpdHours: 2.5,
    });
    evidence = await makeCourse(t.dataSource, { title: 'Finding evidence to inform your practice' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set(NOW));

  const learner = () => makeSignedIn(t.dataSource, organisationId, ['learner']);
  const page = (path: string, who: SignedInPerson) => t.http.get(path).set('Cookie', `tt_session=${who.token}`);
  const session = (startsAt: string, overrides: Partial<TrainingSession> = {}, course = literature) =>
    makeSession(t.dataSource, {
      courseId: course.id,
      startsAt: new Date(startsAt),
      endsAt: new Date(new Date(startsAt).getTime() + 2 * HOUR),
      trainerIds: [trainer.person.id],
      now: new Date(NOW),
      ...overrides,
    });
  const bookViaApi = (who: SignedInPerson, sessionId: string) =>
    t.http.post('/api/bookings').set(who.auth).send({ sessionId }).expect(201);
  const bookingsOf = (who: SignedInPerson, sessionId: string) =>
    t.dataSource.getRepository(Booking).findBy({ personId: who.person.id, sessionId });

  /** Opens the session's page and presses its button, as a browser does; answers the POST. */
  async function pressBook(who: SignedInPerson, sessionId: string, status = 303) {
    const form = await openForm(t.http, `/sessions/${sessionId}`, who.token);
    return t.http
      .post(`/sessions/${sessionId}/book`)
      .set('Cookie', cookieHeader(form.jar))
      .type('form')
      .send({ _csrf: form.csrf, idempotencyKey: idempotencyKeyIn(form.html) })
      .expect(status);
  }

  describe('Find training', () => {
    let course: Course;
    beforeAll(async () => {
      // A course of its own, so the other tests' sessions do not show in these lists.
      course = await makeCourse(t.dataSource, { title: 'Library induction' });
    });

    it('lists upcoming sessions soonest first, each with times in its own zone named, place, trainers and places', async () => {
      const summer = await session('2027-06-15T09:00:00Z', { capacity: 10, confirmedCount: 7 }, course);
      const winter = await session('2027-01-12T10:00:00Z', { capacity: 10, confirmedCount: 9, location: null, onlineUrl: 'https://meet.example/x' }, course);
      const fullWaitlist = await session('2027-02-02T10:00:00Z', { capacity: 5, confirmedCount: 5 }, course);
      const fullClosed = await session('2027-02-03T10:00:00Z', { capacity: 5, confirmedCount: 5, waitlistEnabled: false }, course);
      const cancelled = await session('2027-02-04T10:00:00Z', { status: 'cancelled', cancelledAt: new Date(NOW) }, course);
      await session('2027-01-04T10:00:00Z', {}, course);

      const list = await page(`/sessions?course=${course.id}`, await learner()).expect(200);
      expect(list.text).toContain('<title>Find training – Information skills training – NHS Ayrshire &amp; Arran</title>');
      expect(listedSessionIds(list.text)).toEqual([winter.id, fullWaitlist.id, fullClosed.id, cancelled.id, summer.id]);
      const text = pageText(list.text);
      expect(text).toContain('5 sessions');
      expect(text).toContain('Library induction on Tuesday 12 January 2027 Tuesday 12 January 2027 10:00 to 12:00 GMT Online With Fiona Dunlop 1 place left');
      expect(text).toContain('Tuesday 15 June 2027 10:00 to 12:00 BST Crosshouse Hospital library With Fiona Dunlop 3 places left');
      expect(text).toContain('Tuesday 2 February 2027 10:00 to 12:00 GMT Crosshouse Hospital library With Fiona Dunlop Full – you can join the waiting list');
      expect(text).toMatch(/Wednesday 3 February 2027 .* Full Library induction/);
      expect(text).toMatch(/Thursday 4 February 2027 .* Cancelled/);
    });

    it('filters by course, by London days from and to, and by places left, matching the API', async () => {
      const other = await makeCourse(t.dataSource, { title: 'Critical appraisal' });
      const first = await session('2027-03-01T10:00:00Z', {}, other);
      const lateOnLastDay = await session('2027-03-10T23:30:00Z', { endsAt: new Date('2027-03-11T00:30:00Z') }, other);
      const full = await session('2027-03-05T10:00:00Z', { capacity: 2, confirmedCount: 2 }, other);
      const nextDay = await session('2027-03-11T10:00:00Z', {}, other);
      const who = await learner();

      const dated = await page(
        `/sessions?course=${other.id}&from-day=2&from-month=3&from-year=2027&to-day=10&to-month=March&to-year=2027`,
        who,
      ).expect(200);
      expect(listedSessionIds(dated.text)).toEqual([full.id, lateOnLastDay.id]);
      expect(dated.text).toContain('value="March"');

      const withPlaces = await page(`/sessions?course=${other.id}&places=left`, who).expect(200);
      expect(listedSessionIds(withPlaces.text)).toEqual([first.id, lateOnLastDay.id, nextDay.id]);
      expect(withPlaces.text).toMatch(/name="places" type="checkbox" value="left" checked/);
      const api = await t.http.get(`/api/sessions?courseId=${other.id}&seatsLeft=true&from=${NOW}`).set(who.auth).expect(200);
      expect(api.body.items.map((item: { id: string }) => item.id)).toEqual(listedSessionIds(withPlaces.text));
    });

    it('says plainly when nothing matches and how to widen the search', async () => {
      const nothing = await page(`/sessions?course=${evidence.id}&from-day=1&from-month=1&from-year=2030`, await learner()).expect(200);
      const text = pageText(nothing.text);
      expect(text).toContain('0 sessions');
      expect(text).toContain('No upcoming sessions match your filters.');
      expect(text).toContain('remove the dates or choose a wider range');
      expect(nothing.text).toContain('<a href="/sessions">Clear filters and show all upcoming sessions</a>');
    });

    it('re-renders wrong dates with the error pattern: 400, summary linked to the field, message beside it, what was typed kept', async () => {
      const wrong = await page('/sessions?from-day=31&from-month=2&from-year=2027&to-day=1&to-year=2027', await learner()).expect(400);
      expect(wrong.text).toMatch(/<title>Error: Find training – /);
      expect(wrong.text).toContain('nhsuk-error-summary');
      expect(wrong.text).toMatch(/<a href="#from-day">\s*The &#39;from&#39; date must be a real date\s*<\/a>/);
      expect(wrong.text).toMatch(/<a href="#to-month">\s*The &#39;to&#39; date must include a month\s*<\/a>/);
      expect(wrong.text).toMatch(/id="from-error"[^>]*>[\s\S]*?The &#39;from&#39; date must be a real date/);
      expect(wrong.text).toMatch(/id="from-day" name="from-day" type="text" value="31"/);
      expect(wrong.text).toMatch(/class="nhsuk-input nhsuk-input--width-2 nhsuk-date-input__input nhsuk-input--error" id="to-month"/);
      expect(listedSessionIds(wrong.text)).toEqual([]);

      const backwards = await page('/sessions?from-day=2&from-month=3&from-year=2027&to-day=1&to-month=3&to-year=2027', await learner()).expect(400);
      expect(pageText(backwards.text)).toContain("The 'to' date must be the same as or after the 'from' date");
      const badCourse = await page('/sessions?course=not-a-course', await learner()).expect(400);
      expect(badCourse.text).toContain('<a href="#course">');
    });

    it('pages 20 at a time, keeping the filters in the links', async () => {
      const many = await makeCourse(t.dataSource, { title: 'Searching CINAHL' });
      const ids: string[] = [];
      for (let day = 0; day < 45; day++) ids.push((await session(new Date(Date.parse('2027-04-01T10:00:00Z') + day * DAY).toISOString(), {}, many)).id);
      const who = await learner();
      const base = `/sessions?course=${many.id}&places=left`;

      const first = await page(base, who).expect(200);
      expect(listedSessionIds(first.text)).toEqual(ids.slice(0, 20));
      expect(pageText(first.text)).toContain('Showing 1 to 20 of 45 sessions');
      expect(first.text).toContain(`href="/sessions?course=${many.id}&amp;places=left&amp;page=2" class="nhsuk-pagination__next"`);
      expect(first.text).toContain(`href="/sessions?course=${many.id}&amp;places=left&amp;page=3" aria-label="Page 3"`);

      const third = await page(`${base}&page=3`, who).expect(200);
      expect(listedSessionIds(third.text)).toEqual(ids.slice(40));
      expect(pageText(third.text)).toContain('Showing 41 to 45 of 45 sessions');
      expect(third.text).toContain(`href="/sessions?course=${many.id}&amp;places=left&amp;page=2" class="nhsuk-pagination__previous"`);
      expect(third.text).not.toContain('nhsuk-pagination__next');
    });
  });

  describe("a session's page", () => {
    it('describes the session and offers a place, with a fresh key in the form', async () => {
      const open = await session('2027-01-12T10:00:00Z', { capacity: 4, confirmedCount: 1 });
      const who = await learner();
      const shown = await page(`/sessions/${open.id}`, who).expect(200);
      const text = pageText(shown.text);
      expect(text).toContain('Literature searching for social work practice');
      expect(text).toContain('Date Tuesday 12 January 2027 Time 10:00 to 12:00 GMT Where Crosshouse Hospital library Trainers Fiona Dunlop Places 3 places left');
      expect(text).toContain('Turn a practice question into a search. Bring your NHS OpenAthens username.');
      expect(text).toContain('2.5 hours of continuing professional development');
      expect(shown.text).toMatch(/<form method="post" action="\/sessions\/[0-9a-f-]+\/book"/);
      expect(text).toContain('Book a place');
      const again = await page(`/sessions/${open.id}`, who).expect(200);
      expect(idempotencyKeyIn(again.text)).not.toBe(idempotencyKeyIn(shown.text));
    });

    it('shows the joining link of an online session only to people whose place is confirmed', async () => {
      const online = await session('2027-01-13T10:00:00Z', { location: null, onlineUrl: 'https://meet.example/secret-room', capacity: 1 });
      const booked = await learner();
      await bookViaApi(booked, online.id);
      const waiting = await learner();
      await bookViaApi(waiting, online.id);

      for (const who of [waiting, await learner()]) {
        const shown = await page(`/sessions/${online.id}`, who).expect(200);
        expect(shown.text).not.toContain('secret-room');
        expect(pageText(shown.text)).toContain('Online – the joining link is sent when your place is confirmed');
      }
      const mine = await page(`/sessions/${online.id}`, booked).expect(200);
      expect(mine.text).toContain('href="https://meet.example/secret-room"');
    });

    it('offers the waiting list when full, and says why nobody can book when it cannot be booked', async () => {
      const who = await learner();
      const full = await session('2027-01-14T10:00:00Z', { capacity: 3, confirmedCount: 3 });
      expect(pageText((await page(`/sessions/${full.id}`, who).expect(200)).text)).toContain('This session is full. Join the waiting list');

      const states: Array<[Partial<TrainingSession>, string]> = [
        [{ capacity: 3, confirmedCount: 3, waitlistEnabled: false }, 'This session is full and has no waiting list.'],
        [{ bookingClosesAt: new Date('2027-01-04T17:00:00Z') }, 'Booking for this session closed at 17:00 GMT on Monday 4 January 2027.'],
        [{ status: 'cancelled', cancelledAt: new Date(NOW) }, 'This session has been cancelled.'],
        [{ startsAt: new Date('2027-01-05T08:00:00Z'), endsAt: new Date('2027-01-05T10:00:00Z') }, 'This session has already started'],
      ];
      for (const [overrides, reason] of states) {
        const shown = await page(`/sessions/${(await session('2027-01-15T10:00:00Z', overrides)).id}`, who).expect(200);
        expect(pageText(shown.text)).toContain(`You cannot book this session ${reason}`);
        expect(shown.text).not.toContain('/book"');
      }
    });

    it('says when booking opens, on the page and in Find training, instead of a Book button, and offers the place once it has opened', async () => {
      const course = await makeCourse(t.dataSource, { title: 'Searching CINAHL' });
      const later = await session('2027-01-20T10:00:00Z', { bookingOpensAt: new Date('2027-01-11T09:00:00Z') }, course);
      const who = await learner();
      const shown = await page(`/sessions/${later.id}`, who).expect(200);
      expect(pageText(shown.text)).toContain('You cannot book this session Booking opens at 09:00 GMT on Monday 11 January 2027. You can book a place from then.');
      expect(shown.text).not.toContain('/book"');
      const list = await page(`/sessions?course=${course.id}`, who).expect(200);
      expect(listedSessionIds(list.text)).toEqual([later.id]);
      expect(pageText(list.text)).toContain('With Fiona Dunlop Booking opens 09:00 GMT on Monday 11 January 2027');
      expect(pageText(list.text)).not.toMatch(/\d+ places? left/);

      t.clock.set('2027-01-11T09:00:00Z');
      expect(pageText((await page(`/sessions?course=${course.id}`, who).expect(200)).text)).toContain('With Fiona Dunlop 10 places left');
      await pressBook(who, later.id);
      expect((await bookingsOf(who, later.id)).map((booking) => booking.status)).toEqual(['confirmed']);
    });

    it('is the 404 page for an unknown or malformed id', async () => {
      const who = await learner();
      for (const path of ['/sessions/00000000-0000-4000-8000-000000000000', '/sessions/not-an-id']) {
        const missing = await page(path, who).expect(404);
        expect(missing.text).toContain('<h1>Page not found</h1>');
      }
    });
  });

  describe('booking', () => {
    it('books a place, then shows the booking page with a banner; the session page then says "You are booked"', async () => {
      const open = await session('2027-01-19T10:00:00Z');
      const who = await learner();
      const booked = await pressBook(who, open.id);
      const [booking] = await bookingsOf(who, open.id);
      expect(booking.status).toBe('confirmed');
      expect(booked.headers.location).toBe(`/bookings/${booking.id}?booked=yes`);

      const shown = await page(booked.headers.location, who).expect(200);
      const text = pageText(shown.text);
      expect(text).toContain('You are booked on Literature searching for social work practice on Tuesday 19 January 2027');
      expect(text).toContain('Status Booked');
      expect(shown.text).toContain(`href="/bookings/${booking.id}/calendar.ics"`);
      expect(shown.text).toContain(`href="/bookings/${booking.id}/cancel"`);

      const sessionPage = pageText((await page(`/sessions/${open.id}`, who).expect(200)).text);
      expect(sessionPage).toContain('You are booked View your booking');
      expect(sessionPage).toContain('Cancel your place');
    });

    it('puts the person on the waiting list with their number when the session is full', async () => {
      const full = await session('2027-01-20T10:00:00Z', { capacity: 1 });
      await bookViaApi(await learner(), full.id);
      await bookViaApi(await learner(), full.id);
      const who = await learner();
      const joined = await pressBook(who, full.id);
      const [booking] = await bookingsOf(who, full.id);
      expect(booking.status).toBe('waitlisted');

      const text = pageText((await page(joined.headers.location, who).expect(200)).text);
      expect(text).toContain('You are on the waiting list, number 2');
      expect(text).toContain('You are number 2 on the waiting list');
      expect(text).toContain('Leave the waiting list');
      expect(text).not.toContain('Add to calendar');
      expect(pageText((await page(`/sessions/${full.id}`, who).expect(200)).text)).toContain('You are number 2 on the waiting list');
    });

    it('books once for a double click or a resubmitted form, answering each with the same booking', async () => {
      const open = await session('2027-01-21T10:00:00Z');
      const who = await learner();
      const form = await openForm(t.http, `/sessions/${open.id}`, who.token);
      const submit = () =>
        t.http
          .post(`/sessions/${open.id}/book`)
          .set('Cookie', cookieHeader(form.jar))
          .type('form')
          .send({ _csrf: form.csrf, idempotencyKey: idempotencyKeyIn(form.html) });
      const [first, second] = await Promise.all([submit(), submit()]);
      const third = await submit();
      expect([first.status, second.status, third.status]).toEqual([303, 303, 303]);
      const bookings = await bookingsOf(who, open.id);
      expect(bookings).toHaveLength(1);
      for (const answer of [first, second, third]) expect(answer.headers.location).toBe(`/bookings/${bookings[0].id}?booked=yes`);
      expect((await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: open.id })).confirmedCount).toBe(1);
    });

    it('re-renders the session page with a clear message when the service refuses, never a 500', async () => {
      const who = await learner();
      const closing = await session('2027-01-22T10:00:00Z', { capacity: 1, waitlistEnabled: false });
      const form = await openForm(t.http, `/sessions/${closing.id}`, who.token);
      await bookViaApi(await learner(), closing.id);
      const full = await t.http
        .post(`/sessions/${closing.id}/book`)
        .set('Cookie', cookieHeader(form.jar))
        .type('form')
        .send({ _csrf: form.csrf, idempotencyKey: idempotencyKeyIn(form.html) })
        .expect(422);
      expect(full.text).toMatch(/<title>Error: /);
      expect(full.text).toContain('<a href="#action">');
      expect(pageText(full.text)).toContain('Sorry, the last place has just been taken and this session has no waiting list.');

      const open = await session('2027-01-22T14:00:00Z');
      await pressBook(who, open.id);
      const twice = await t.http
        .post(`/sessions/${open.id}/book`)
        .set('Cookie', cookieHeader(form.jar))
        .type('form')
        .send({ _csrf: form.csrf, idempotencyKey: 'another-key' })
        .expect(409);
      expect(pageText(twice.text)).toContain('You already have a place on this session, or are on its waiting list.');

      const starting = await session('2027-01-05T10:00:00Z');
      const late = await openForm(t.http, `/sessions/${starting.id}`, who.token);
      t.clock.set('2027-01-05T10:00:00Z');
      const started = await t.http
        .post(`/sessions/${starting.id}/book`)
        .set('Cookie', cookieHeader(late.jar))
        .type('form')
        .send({ _csrf: late.csrf, idempotencyKey: idempotencyKeyIn(late.html) })
        .expect(422);
      expect(pageText(started.text)).toContain('This session has already started, so you can no longer book a place.');
      expect(await bookingsOf(who, starting.id)).toEqual([]);
    });

    it('refuses a cross-site post with the refusal page and books nothing', async () => {
      const open = await session('2027-01-25T10:00:00Z');
      const who = await learner();
      const form = await openForm(t.http, `/sessions/${open.id}`, who.token);
      const forged = await t.http
        .post(`/sessions/${open.id}/book`)
        .set('Cookie', `tt_session=${who.token}`)
        .set('Origin', 'https://evil.example')
        .set('Sec-Fetch-Site', 'cross-site')
        .type('form')
        .send({ idempotencyKey: idempotencyKeyIn(form.html) })
        .expect(403);
      expect(forged.text).toContain('This form came from another website');
      expect(await bookingsOf(who, open.id)).toEqual([]);
    });
  });

  describe('a booking page and cancelling', () => {
    it('asks for confirmation, cancels, gives the place to the waiting list, and shows the booking cancelled', async () => {
      const one = await session('2027-01-26T10:00:00Z', { capacity: 1 });
      const who = await learner();
      await pressBook(who, one.id);
      const next = await learner();
      await bookViaApi(next, one.id);
      const [booking] = await bookingsOf(who, one.id);

      const confirm = await page(`/bookings/${booking.id}/cancel`, who).expect(200);
      const text = pageText(confirm.text);
      expect(text).toContain('Are you sure you want to cancel your place on Literature searching for social work practice?');
      expect(text).toContain('Your place will go to the next person on the waiting list.');
      expect(text).toContain('Yes, cancel my place');
      expect(confirm.text).toContain(`<a class="nhsuk-link" href="/bookings/${booking.id}">No, keep my place</a>`);
      expect((await bookingsOf(who, one.id))[0].status).toBe('confirmed');

      const jar = new Map([['tt_session', who.token]]);
      keepCookies(jar, confirm.headers['set-cookie'] as unknown as string[]);
      const cancelled = await t.http
        .post(`/bookings/${booking.id}/cancel`)
        .set('Cookie', cookieHeader(jar))
        .type('form')
        .send({ _csrf: csrfTokenIn(confirm.text), held: 'place' })
        .expect(303);
      expect(cancelled.headers.location).toBe(`/bookings/${booking.id}?cancelled=place`);
      expect((await bookingsOf(who, one.id))[0].status).toBe('cancelled');
      expect((await bookingsOf(next, one.id))[0].status).toBe('confirmed');

      const shownPage = await page(cancelled.headers.location, who).expect(200);
      expect(shownPage.text).toContain(`<a class="nhsuk-notification-banner__link" href="/sessions/${one.id}">book again</a>`);
      const shown = pageText(shownPage.text);
      expect(shown).toContain('You have cancelled your place');
      expect(shown).toContain('Your booking is cancelled');
      expect(shown).toContain('Status Cancelled');
      expect(shown).not.toContain('Cancel your place');
    });

    it('says clearly that a booking cannot be cancelled once the session has started', async () => {
      const soon = await session('2027-01-05T12:00:00Z');
      const who = await learner();
      await pressBook(who, soon.id);
      const [booking] = await bookingsOf(who, soon.id);
      const form = await openForm(t.http, `/bookings/${booking.id}/cancel`, who.token);
      t.clock.set('2027-01-05T12:30:00Z');
      const refused = await t.http
        .post(`/bookings/${booking.id}/cancel`)
        .set('Cookie', cookieHeader(form.jar))
        .type('form')
        .send({ _csrf: form.csrf, held: 'place' })
        .expect(422);
      expect(pageText(refused.text)).toContain('This session has already started, so the booking can no longer be cancelled.');
      expect((await bookingsOf(who, soon.id))[0].status).toBe('confirmed');
      expect(pageText((await page(`/bookings/${booking.id}`, who).expect(200)).text)).toContain('This session has already started');
    });

    it("is the 404 page for another learner's booking and for unknown ids; the person's manager and the trainer may see it", async () => {
      const open = await session('2027-01-27T10:00:00Z');
      const who = await learner();
      await pressBook(who, open.id);
      const [booking] = await bookingsOf(who, open.id);
      const stranger = await learner();
      for (const path of [`/bookings/${booking.id}`, `/bookings/${booking.id}/cancel`]) {
        expect((await page(path, stranger).expect(404)).text).toContain('<h1>Page not found</h1>');
      }
      await page('/bookings/00000000-0000-4000-8000-000000000000', who).expect(404);
      await page('/bookings/not-an-id/cancel', who).expect(404);

      const manager = await makeSignedIn(t.dataSource, organisationId, ['manager']);
      expect(pageText((await page(`/bookings/${booking.id}`, manager).expect(200)).text)).toContain('This place is booked');
      expect(pageText((await page(`/bookings/${booking.id}`, trainer).expect(200)).text)).toContain('This place is booked');
      const otherManager = await makeSignedIn(t.dataSource, (await makeOrganisation(t.dataSource)).id, ['manager']);
      await page(`/bookings/${booking.id}`, otherManager).expect(404);
    });
  });
});
