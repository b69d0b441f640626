import { AttendanceChange } from '../../src/attendance/attendance-change.entity';
import { AttendanceRecord } from '../../src/attendance/attendance-record.entity';
import { Booking } from '../../src/bookings/booking.entity';
import { Person } from '../../src/people/person.entity';
import { TrainingSession } from '../../src/sessions/training-session.entity';
import { makeCourse, makeOrganisation, makePerson, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { makeAttendance, makeConfirmedBooking } from '../factories/attendance';
import { eventually } from '../support/eventually';
import { parseCalendar } from '../support/icalendar';
import { calendarParts, SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';
import { cookieHeader, openForm, pageText } from '../support/web-form';

/** Monday 11 January 2027, 09:00 GMT. */
const NOW = '2027-01-11T09:00:00.000Z';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The fields of a session form, as a trainer fills them in. */
function sessionForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'date-day': '12',
    'date-month': '1',
    'date-year': '2027',
    start: '10:00',
    end: '12:30',
    location: 'Crosshouse Hospital library',
    'online-url': '',
    capacity: '12',
    'opens-day': '',
    'opens-month': '',
    'opens-year': '',
    'opens-time': '',
    'closes-day': '',
    'closes-month': '',
    'closes-year': '',
    'closes-time': '',
    waitlist: 'yes',
    ...overrides,
  };
}

describe(`web: the trainer's sessions, people and register (${testDialect()})`, () => {
  let sink: SmtpSink;
  let t: TestApp;
  let organisationId: string;
  let trainer: SignedInPerson;
  let otherTrainer: SignedInPerson;
  let courseId: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ now: NOW, env: { SMTP_URL: sink.url } });
    organisationId = (await makeOrganisation(t.dataSource, { name: 'North Ayrshire HSCP' })).id;
    trainer = await makeSignedIn(t.dataSource, organisationId, ['trainer'], { name: 'Fiona Dunlop' });
    otherTrainer = await makeSignedIn(t.dataSource, organisationId, ['trainer'], { name: 'Graham Leckie' });
    courseId = (await makeCourse(t.dataSource, { title: 'Literature searching for social work practice' })).id;
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });
  beforeEach(() => t.clock.set(NOW));

  const page = (path: string, who: SignedInPerson = trainer) => t.http.get(path).set('Cookie', `tt_session=${who.token}`);

  /** Opens `from` as the person's browser would, then posts its form's fields to `to`, expecting `status`. */
  async function submit(status: number, to: string, fields: Record<string, string | string[]>, who: SignedInPerson = trainer, from = '/trainer/sessions') {
    const form = await openForm(t.http, from, who.token);
    return t.http
      .post(to)
      .set('Cookie', cookieHeader(form.jar))
      .type('form')
      .send({ _csrf: form.csrf, ...fields })
      .expect(status);
  }

  const learner = (overrides: Partial<Person> = {}) => makeSignedIn(t.dataSource, organisationId, ['learner'], overrides);
  const sessionRow = (id: string) => t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id });
  const countSessions = () => t.dataSource.getRepository(TrainingSession).count();
  const fromNow = (ms: number) => new Date(t.clock.now().getTime() + ms);

  async function mySession(startsAt: Date, overrides: Partial<TrainingSession> = {}, trainerIds = [trainer.person.id]) {
    return makeSession(t.dataSource, { courseId, trainerIds, startsAt, endsAt: new Date(startsAt.getTime() + 2 * HOUR), now: t.clock.now(), ...overrides });
  }
  const book = async (who: SignedInPerson, sessionId: string) =>
    (await t.http.post('/api/bookings').set(who.auth).send({ sessionId }).expect(201)).body as { id: string; status: string };

  describe('My sessions', () => {
    it('is a trainer’s home: upcoming soonest first, then ended sessions with registers to complete, flagged; another trainer’s are not there', async () => {
      const soon = await mySession(fromNow(2 * DAY), { location: 'Ayr Hospital library' });
      const later = await mySession(fromNow(9 * DAY));
      const unmarked = await mySession(fromNow(-3 * DAY));
      const complete = await mySession(fromNow(-10 * DAY));
      const notMine = await mySession(fromNow(3 * DAY), {}, [otherTrainer.person.id]);
      const ann = await learner({ name: 'Ann Shaw' });
      await makeConfirmedBooking(t.dataSource, unmarked.id, ann.person.id);
      const booked = await makeConfirmedBooking(t.dataSource, complete.id, ann.person.id);
      await makeAttendance(t.dataSource, { sessionId: complete.id, personId: ann.person.id, status: 'attended', bookingId: booked.id });

      const home = await page('/').expect(303);
      expect(home.headers.location).toBe('/trainer/sessions');
      const res = await page('/trainer/sessions').expect(200);
      expect(res.text).toContain('<title>My sessions – Information skills training – NHS Ayrshire &amp; Arran</title>');
      expect(res.text).toMatch(/<li class="nhsuk-header__navigation-item nhsuk-header__navigation-item--current">\s*<a[^>]* href="\/trainer\/sessions"[^>]*aria-current="page"/);
      const text = pageText(res.text);
      const at = (id: string) => res.text.indexOf(`href="/trainer/sessions/${id}"`);
      expect(at(notMine.id)).toBe(-1);
      expect(at(soon.id)).toBeGreaterThan(0);
      expect(at(soon.id)).toBeLessThan(at(later.id));
      expect(at(later.id)).toBeLessThan(at(unmarked.id));
      expect(at(unmarked.id)).toBeLessThan(at(complete.id));
      expect(text).toContain('Registers to complete');
      expect(text).toContain('Register not complete');
      expect(text).toContain('Complete the register (1 person not marked)');
      expect(text).toContain('Wednesday 13 January 2027 09:00 to 11:00 GMT Ayr Hospital library 0 of 10 places booked');

      // A course filter and a date range narrow every list; a date that does not exist is an error.
      const otherCourse = await makeCourse(t.dataSource, { title: 'Critical appraisal' });
      const appraisal = await mySession(fromNow(4 * DAY), { courseId: otherCourse.id });
      const byCourse = await page(`/trainer/sessions?course=${otherCourse.id}`).expect(200);
      expect(byCourse.text).toContain(`/trainer/sessions/${appraisal.id}"`);
      expect(byCourse.text).not.toContain(`/trainer/sessions/${soon.id}"`);
      const byDate = await page('/trainer/sessions?from-day=13&from-month=1&from-year=2027&to-day=13&to-month=1&to-year=2027').expect(200);
      expect(byDate.text).toContain(`/trainer/sessions/${soon.id}"`);
      expect(byDate.text).not.toContain(`/trainer/sessions/${later.id}"`);
      const wrong = await page('/trainer/sessions?from-day=31&from-month=2&from-year=2027').expect(400);
      expect(wrong.text).toContain('<title>Error: My sessions');
      expect(wrong.text).toContain('href="#from-day"');
      expect(pageText(wrong.text)).toContain("The 'from' date must be a real date");
    });

    it('is not for learners', async () => {
      const who = await learner();
      await page('/trainer/sessions', who).expect(403);
      expect((await page('/', who).expect(303)).headers.location).toBe('/sessions');
    });
  });

  describe('creating a session in local time', () => {
    it.each([
      { season: 'winter', day: '12', month: '1', start: '10:00', end: '12:30', startsAt: '2027-01-12T10:00:00.000Z', shown: '10:00 to 12:30 GMT' },
      { season: 'summer', day: '13', month: '7', start: '9:30', end: '12:00', startsAt: '2027-07-13T08:30:00.000Z', shown: '09:30 to 12:00 BST' },
    ])('stores the instant of the UK time typed ($season) and makes the trainer its trainer', async ({ day, month, start, end, startsAt, shown }) => {
      const form = await page('/trainer/sessions/new').expect(200);
      expect(pageText(form.text)).toContain('In UK time (GMT in winter, BST in summer), on the 24-hour clock');
      const created = await submit(303, '/trainer/sessions/new', { course: courseId, ...sessionForm({ 'date-day': day, 'date-month': month, start, end }) });
      const id = /^\/trainer\/sessions\/([0-9a-f-]{36})\?created=yes$/.exec(created.headers.location as string)![1];
      const row = await sessionRow(id);
      expect(row.startsAt.toISOString()).toBe(startsAt);
      expect(row).toMatchObject({ timezone: 'Europe/London', capacity: 12, location: 'Crosshouse Hospital library', onlineUrl: null, waitlistEnabled: true });
      const session = (await t.http.get(`/api/sessions/${id}`).set(trainer.auth).expect(200)).body as { trainerIds: string[] };
      expect(session.trainerIds).toEqual([trainer.person.id]);
      const view = await page(created.headers.location as string).expect(200);
      expect(pageText(view.text)).toContain('Session created');
      expect(pageText(view.text)).toContain(shown);
    });

    it.each<{ problem: string; fields: Record<string, string>; href: string; message: string; kept: string }>([
      {
        problem: 'a time the clocks skip',
        fields: { 'date-day': '28', 'date-month': '3', start: '01:30', end: '03:00' },
        href: '#start',
        message: 'Start time 01:30 does not exist on Sunday 28 March 2027: the clocks go forward from 01:00 to 02:00 (UK time). Enter a time before 01:00 or from 02:00',
        kept: 'value="01:30"',
      },
      { problem: 'a date that does not exist', fields: { 'date-day': '31', 'date-month': '02' }, href: '#date-day', message: 'The date of the session must be a real date', kept: 'value="31"' },
      { problem: 'an end before the start', fields: { start: '14:00', end: '13:00' }, href: '#end', message: 'The end time must be after the start time', kept: 'value="13:00"' },
    ])('re-renders with the NHS error pattern and creates nothing for $problem', async ({ fields, href, message, kept }) => {
      const before = await countSessions();
      const res = await submit(400, '/trainer/sessions/new', { course: courseId, ...sessionForm(fields) });
      expect(res.text).toContain('<title>Error: Create a session');
      expect(res.text).toContain(`href="${href}"`);
      expect(pageText(res.text)).toContain(`Error: ${message}`);
      expect(res.text).toContain(kept);
      expect(await countSessions()).toBe(before);
    });
  });

  describe('changing and cancelling a session', () => {
    it('warns before saving that booked people get an updated invitation, and sends it with the new time', async () => {
      const session = await mySession(new Date('2027-01-20T10:00:00Z'));
      const isla = await learner({ name: 'Isla Munro' });
      await book(isla, session.id);

      const form = await page(`/trainer/sessions/${session.id}/edit`).expect(200);
      expect(pageText(form.text)).toContain('1 person has a place. If you change the date, time or place, we will e-mail them an updated calendar invitation when you save.');
      expect(form.text).toContain('value="10:00"');

      const saved = await submit(303, `/trainer/sessions/${session.id}/edit`, sessionForm({ 'date-day': '20', start: '14:00', end: '16:00' }), trainer, `/trainer/sessions/${session.id}/edit`);
      expect(saved.headers.location).toBe(`/trainer/sessions/${session.id}?updated=invited`);
      expect((await sessionRow(session.id)).startsAt.toISOString()).toBe('2027-01-20T14:00:00.000Z');
      expect(pageText((await page(saved.headers.location as string)).text)).toContain('We have e-mailed an updated calendar invitation to the 1 person booked.');
      const invitation = await eventually(() => {
        const mail = sink.received.find((m) => m.envelope.to.includes(isla.person.email!) && /^Session changed/.test(m.parsed.subject ?? ''));
        expect(mail).toBeDefined();
        return parseCalendar(calendarParts(mail!).alternative!.content);
      });
      expect(invitation.events[0].start.toISOString()).toBe('2027-01-20T14:00:00.000Z');

      // Nobody booked: no warning.
      const empty = await mySession(new Date('2027-01-21T10:00:00Z'));
      expect(pageText((await page(`/trainer/sessions/${empty.id}/edit`)).text)).not.toContain('People have booked this session');
    });

    it('sets when booking opens on a UK clock, beside when it closes; a time not before the start is refused on the field', async () => {
      const session = await mySession(new Date('2027-01-20T10:00:00Z'));
      const edit = `/trainer/sessions/${session.id}/edit`;
      const times = { 'date-day': '20', start: '10:00', end: '12:00' };
      const opens = (day: string, time: string) => ({ 'opens-day': day, 'opens-month': '1', 'opens-year': '2027', 'opens-time': time });
      expect(pageText((await page(edit).expect(200)).text)).toContain('When booking opens (optional)');

      const wrong = await submit(400, edit, sessionForm({ ...times, ...opens('21', '09:00') }), trainer, edit);
      expect(wrong.text).toContain('href="#opens-day"');
      expect(pageText(wrong.text)).toContain('Error: Booking must open before the session starts');
      expect(wrong.text).toContain('value="21"');
      expect((await sessionRow(session.id)).bookingOpensAt).toBeNull();

      const closes = { 'closes-day': '19', 'closes-month': '1', 'closes-year': '2027', 'closes-time': '17:00' };
      const saved = await submit(303, edit, sessionForm({ ...times, ...opens('13', '09:30'), ...closes }), trainer, edit);
      expect(saved.headers.location).toBe(`/trainer/sessions/${session.id}?updated=yes`);
      expect(await sessionRow(session.id)).toMatchObject({ bookingOpensAt: new Date('2027-01-13T09:30:00Z'), bookingClosesAt: new Date('2027-01-19T17:00:00Z') });
      const view = pageText((await page(`/trainer/sessions/${session.id}`).expect(200)).text);
      expect(view).toContain('Booking opens 09:30 GMT on Wednesday 13 January 2027 Booking closes 17:00 GMT on Tuesday 19 January 2027');
      expect(view).toContain('Booking opens at 09:30 GMT on Wednesday 13 January 2027. To book someone now, change when booking opens.');
      expect((await page(edit).expect(200)).text).toContain('value="09:30"');
      await t.http.post('/api/bookings').set((await learner()).auth).send({ sessionId: session.id }).expect(422);
    });

    it('refuses fewer places than are booked, on the capacity field, and changes nothing', async () => {
      const session = await mySession(new Date('2027-01-22T10:00:00Z'), { capacity: 5 });
      for (let i = 0; i < 3; i++) await book(await learner(), session.id);
      const res = await submit(409, `/trainer/sessions/${session.id}/edit`, sessionForm({ 'date-day': '22', start: '11:00', capacity: '2' }));
      expect(res.text).toContain('href="#capacity"');
      expect(pageText(res.text)).toContain('Error: 3 people already have places: the number of places must be 3 or more');
      expect(res.text).toContain('value="11:00"');
      expect(await sessionRow(session.id)).toMatchObject({ capacity: 5, startsAt: new Date('2027-01-22T10:00:00Z') });
    });

    it('asks for a reason on a confirmation page that says how many will be told, then cancels', async () => {
      const session = await mySession(new Date('2027-01-25T10:00:00Z'), { capacity: 2 });
      const people = [await learner(), await learner(), await learner()];
      for (const who of people) await book(who, session.id);

      const confirm = await page(`/trainer/sessions/${session.id}/cancel`).expect(200);
      expect(pageText(confirm.text)).toContain('We will e-mail the 2 people with a place and 1 person on the waiting list to tell them the session is cancelled');
      const noReason = await submit(400, `/trainer/sessions/${session.id}/cancel`, { reason: '  ' });
      expect(pageText(noReason.text)).toContain('Error: Enter why the session is cancelled');
      expect((await sessionRow(session.id)).status).toBe('scheduled');

      const done = await submit(303, `/trainer/sessions/${session.id}/cancel`, { reason: 'The trainer is unwell.' });
      expect(done.headers.location).toBe(`/trainer/sessions/${session.id}?cancelled=3`);
      expect(await sessionRow(session.id)).toMatchObject({ status: 'cancelled', cancellationReason: 'The trainer is unwell.' });
      expect(pageText((await page(done.headers.location as string)).text)).toContain('We have e-mailed the 3 people who were booked or waiting to tell them.');
      await eventually(() => {
        for (const who of people) expect(sink.received.some((m) => m.envelope.to.includes(who.person.email!) && /^Session cancelled/.test(m.parsed.subject ?? ''))).toBe(true);
      });
    });

    it('lets another trainer see the session but not change it: the 403 page, and nothing changes', async () => {
      const session = await mySession(new Date('2027-01-26T10:00:00Z'));
      const seen = await page(`/trainer/sessions/${session.id}`, otherTrainer).expect(200);
      expect(pageText(seen.text)).toContain('You do not train this session, so you cannot change it');
      for (const path of ['edit', 'cancel', 'book', 'register', 'trainers', 'sign-in-sheet']) {
        const refused = await page(`/trainer/sessions/${session.id}/${path}`, otherTrainer).expect(403);
        expect(refused.text).toContain('You cannot do this');
      }
      await submit(403, `/trainer/sessions/${session.id}/edit`, sessionForm({ 'date-day': '26', start: '15:00', end: '16:00' }), otherTrainer);
      await submit(403, `/trainer/sessions/${session.id}/cancel`, { reason: 'Not mine' }, otherTrainer);
      expect(await sessionRow(session.id)).toMatchObject({ status: 'scheduled', startsAt: new Date('2027-01-26T10:00:00Z') });
    });

    it('refuses a cross-site post with the refusal page and creates nothing', async () => {
      const before = await countSessions();
      const forged = await t.http
        .post('/trainer/sessions/new')
        .set('Cookie', `tt_session=${trainer.token}`)
        .set('Origin', 'https://evil.example')
        .set('Sec-Fetch-Site', 'cross-site')
        .type('form')
        .send({ course: courseId, ...sessionForm() })
        .expect(403);
      expect(forged.text).toContain('This form came from another website');
      expect(await countSessions()).toBe(before);
    });
  });

  describe("a session's people", () => {
    it('lists places and the waiting list in order, with teams and organisations; books someone found by name; cancels a place after confirmation', async () => {
      const session = await mySession(new Date('2027-01-27T10:00:00Z'), { capacity: 1 });
      const first = await learner({ name: 'Alison Shaw', team: 'Mental Health' });
      const waiting = await learner({ name: 'Douglas Fergusson', team: 'Adult Services' });
      await book(first, session.id);
      await book(waiting, session.id);
      const found = await makePerson(t.dataSource, { organisationId, name: 'Moira Crawford', team: 'Justice Services' });

      const people = pageText((await page(`/trainer/sessions/${session.id}`).expect(200)).text);
      expect(people).toContain('With a place (1) Name Team Organisation Booked on Action Name Alison Shaw Team Mental Health Organisation North Ayrshire HSCP Booked on 11 Jan 2027');
      expect(people).toContain('Waiting list (1), in order Number Name Team Organisation Action Number 1 Name Douglas Fergusson Team Adult Services');

      const search = await page(`/trainer/sessions/${session.id}/book?q=moira`).expect(200);
      expect(pageText(search.text)).toContain('Moira Crawford Team Justice Services Organisation North Ayrshire HSCP');
      const tooShort = await page(`/trainer/sessions/${session.id}/book?q=m`).expect(400);
      expect(pageText(tooShort.text)).toContain('Error: Enter at least 2 letters of a name, or a whole e-mail address');

      const key = /name="personId" value="[^"]+">\s*<input type="hidden" name="idempotencyKey" value="([^"]+)"/.exec(search.text)![1];
      const booked = await submit(303, `/trainer/sessions/${session.id}/book`, { personId: found.id, idempotencyKey: key, q: 'moira' });
      const bookingId = /booked=([0-9a-f-]{36})/.exec(booked.headers.location as string)![1];
      expect(await t.dataSource.getRepository(Booking).findOneByOrFail({ id: bookingId })).toMatchObject({
        personId: found.id,
        status: 'waitlisted',
        bookedById: trainer.person.id,
      });
      expect(pageText((await page(booked.headers.location as string)).text)).toContain('Moira Crawford is number 2 on the waiting list');
      // The same form sent twice books once and answers the same.
      const again = await submit(303, `/trainer/sessions/${session.id}/book`, { personId: found.id, idempotencyKey: key, q: 'moira' });
      expect(again.headers.location).toBe(booked.headers.location);
      const twice = await submit(409, `/trainer/sessions/${session.id}/book`, { personId: found.id, idempotencyKey: '9b7e0d8e-8a3c-4c57-9a55-0c2b5c1f6d10', q: 'moira' });
      expect(pageText(twice.text)).toContain('That person already has a place or is on the waiting list for this session');

      const firstBooking = await t.dataSource.getRepository(Booking).findOneByOrFail({ sessionId: session.id, personId: first.person.id });
      const confirm = await page(`/trainer/sessions/${session.id}/bookings/${firstBooking.id}/cancel`).expect(200);
      expect(pageText(confirm.text)).toContain("Cancel Alison Shaw's place?");
      expect(pageText(confirm.text)).toContain('Their place will go to Douglas Fergusson, first on the waiting list');
      const cancelled = await submit(303, `/trainer/sessions/${session.id}/bookings/${firstBooking.id}/cancel`, {});
      expect(cancelled.headers.location).toBe(`/trainer/sessions/${session.id}?place-cancelled=yes`);
      const bookings = await t.dataSource.getRepository(Booking).findBy({ sessionId: session.id });
      expect(Object.fromEntries(bookings.map((b) => [b.personId, b.status]))).toEqual({
        [first.person.id]: 'cancelled',
        [waiting.person.id]: 'confirmed',
        [found.id]: 'waitlisted',
      });
      // A booking of another session is not cancelled from this session's page.
      const elsewhere = await mySession(new Date('2027-01-28T10:00:00Z'));
      await page(`/trainer/sessions/${elsewhere.id}/bookings/${firstBooking.id}/cancel`).expect(404);
    });

    it('adds and removes trainers found by searching people with the trainer role', async () => {
      const session = await mySession(new Date('2027-01-29T10:00:00Z'));
      await learner({ name: 'Graham Learner' });
      const search = await page(`/trainer/sessions/${session.id}/trainers?q=graham`).expect(200);
      expect(pageText(search.text)).toContain('Graham Leckie');
      expect(pageText(search.text)).not.toContain('Graham Learner');
      const added = await submit(303, `/trainer/sessions/${session.id}/trainers`, { add: otherTrainer.person.id });
      expect(added.headers.location).toBe(`/trainer/sessions/${session.id}/trainers?changed=yes`);
      const trainerIds = async () => ((await t.http.get(`/api/sessions/${session.id}`).set(trainer.auth)).body as { trainerIds: string[] }).trainerIds.sort();
      expect(await trainerIds()).toEqual([trainer.person.id, otherTrainer.person.id].sort());
      await submit(303, `/trainer/sessions/${session.id}/trainers`, { remove: trainer.person.id });
      expect(await trainerIds()).toEqual([otherTrainer.person.id]);
      await page(`/trainer/sessions/${session.id}/edit`).expect(403);
    });
  });

  describe('the register', () => {
    async function startedSession(people: SignedInPerson[], overrides: Partial<TrainingSession> = {}, trainerIds = [trainer.person.id]) {
      const session = await mySession(fromNow(DAY), overrides, trainerIds);
      for (const who of people) await book(who, session.id);
      t.clock.set(new Date(session.startsAt.getTime() + 5 * 60_000));
      return session;
    }
    const records = async (sessionId: string) =>
      Object.fromEntries((await t.dataSource.getRepository(AttendanceRecord).findBy({ sessionId })).map((r) => [r.personId, { status: r.status, walkIn: r.walkIn }]));

    it('waits for the session to start, showing who is booked', async () => {
      const ann = await learner({ name: 'Ann Before' });
      const session = await mySession(fromNow(DAY));
      await book(ann, session.id);
      const res = await page(`/trainer/sessions/${session.id}/register`).expect(200);
      expect(pageText(res.text)).toContain('You can mark attendance once the session starts');
      expect(pageText(res.text)).toContain('Ann Before');
      const early = await submit(422, `/trainer/sessions/${session.id}/register`, { [`mark-${ann.person.id}`]: 'attended', [`shown-${ann.person.id}`]: '' });
      expect(early.text).toContain('href="#register"');
      expect(pageText(early.text)).toContain('Error: You can mark attendance once the session has started');
      expect(await records(session.id)).toEqual({});
    });

    it('saves the whole room at once, marks everyone left as attended, adds a walk-in, and keeps the history', async () => {
      const ann = await learner({ name: 'Ann Attender', team: 'Mental Health' });
      const bob = await learner({ name: 'Bob Absent', team: 'Adult Services' });
      const cal = await learner({ name: 'Cal Later' });
      const session = await startedSession([ann, bob, cal]);
      const walkIn = await makePerson(t.dataSource, { organisationId, name: 'Dana Walker', team: 'Children and Families' });
      const registerPath = `/trainer/sessions/${session.id}/register`;

      const blank = await page(registerPath).expect(200);
      expect(pageText(blank.text)).toContain('Saved so far: 0 attended, 0 absent, 0 excused, 3 not marked.');
      expect(pageText(blank.text)).not.toContain('not saved yet');
      expect(blank.text).toContain(`name="mark-${ann.person.id}" type="radio" value="attended"`);

      const saved = await submit(303, registerPath, {
        [`mark-${ann.person.id}`]: 'attended',
        [`shown-${ann.person.id}`]: '',
        [`mark-${bob.person.id}`]: 'absent',
        [`shown-${bob.person.id}`]: '',
        [`shown-${cal.person.id}`]: '',
        action: 'save',
      });
      expect(saved.headers.location).toBe(`${registerPath}?saved=2`);
      expect(await records(session.id)).toEqual({
        [ann.person.id]: { status: 'attended', walkIn: false },
        [bob.person.id]: { status: 'absent', walkIn: false },
      });
      expect(pageText((await page(`${registerPath}?saved=2`)).text)).toContain('Register saved 2 people marked.');

      // Searching for a walk-in keeps what is chosen on the form; adding one keeps it until the save.
      const searched = await submit(200, registerPath, {
        [`mark-${cal.person.id}`]: 'excused',
        [`shown-${cal.person.id}`]: '',
        q: 'dana',
        action: 'search',
      });
      expect(searched.text).toMatch(new RegExp(`id="mark-${cal.person.id}-excused" name="mark-${cal.person.id}" type="radio" value="excused" checked`));
      expect(searched.text).toContain(`value="add-walk-in-${walkIn.id}"`);
      const added = await submit(200, registerPath, { [`mark-${cal.person.id}`]: 'excused', [`shown-${cal.person.id}`]: '', q: 'dana', action: `add-walk-in-${walkIn.id}` });
      expect(pageText(added.text)).toContain('Dana Walker added as a walk-in');
      expect(pageText(added.text)).toContain('The marks chosen below are not saved yet.');
      expect(added.text).toContain(`<input type="hidden" name="walk-in" value="${walkIn.id}">`);
      expect(added.text).toMatch(new RegExp(`id="mark-${walkIn.id}" name="mark-${walkIn.id}" type="radio" value="attended" checked`));
      expect(await records(session.id)).not.toHaveProperty(walkIn.id);

      const tooShort = await submit(400, registerPath, { q: 'd', action: 'search' });
      expect(tooShort.text).toContain('href="#q"');

      // Mark everyone not yet marked as attended: the walk-in and Cal (no radio chosen) in one save.
      const all = await submit(303, registerPath, {
        [`shown-${ann.person.id}`]: 'attended',
        [`mark-${ann.person.id}`]: 'attended',
        [`shown-${bob.person.id}`]: 'absent',
        [`mark-${bob.person.id}`]: 'absent',
        [`shown-${cal.person.id}`]: '',
        'walk-in': walkIn.id,
        [`walk-in-name-${walkIn.id}`]: 'Dana Walker',
        [`mark-${walkIn.id}`]: 'attended',
        action: 'mark-all',
      });
      expect(all.headers.location).toBe(`${registerPath}?saved=2`);
      expect(await records(session.id)).toEqual({
        [ann.person.id]: { status: 'attended', walkIn: false },
        [bob.person.id]: { status: 'absent', walkIn: false },
        [cal.person.id]: { status: 'attended', walkIn: false },
        [walkIn.id]: { status: 'attended', walkIn: true },
      });

      const after = pageText((await page(registerPath)).text);
      expect(after).toContain('3 attended, 1 absent, 0 excused, 0 not marked');
      expect(after).toMatch(/Changes to the register .*Who Dana Walker Walk-in added Change Not marked → Attended By Fiona Dunlop/);
      expect(after).toContain('Who Bob Absent Change Not marked → Absent By Fiona Dunlop');
      expect(await t.dataSource.getRepository(AttendanceChange).countBy({ sessionId: session.id })).toBe(4);
    });

    it('keeps both changes when two trainers save at once, and ends in one state', async () => {
      const ann = await learner({ name: 'Ann Both' });
      const bob = await learner({ name: 'Bob First' });
      const cal = await learner({ name: 'Cal Second' });
      const session = await startedSession([ann, bob, cal], {}, [trainer.person.id, otherTrainer.person.id]);
      const registerPath = `/trainer/sessions/${session.id}/register`;
      const [mine, theirs] = [await openForm(t.http, registerPath, trainer.token), await openForm(t.http, registerPath, otherTrainer.token)];
      const post = (form: typeof mine, fields: Record<string, string>) =>
        t.http
          .post(registerPath)
          .set('Cookie', cookieHeader(form.jar))
          .type('form')
          .send({ _csrf: form.csrf, action: 'save', ...fields });
      const blank = Object.fromEntries([ann, bob, cal].map((who) => [`shown-${who.person.id}`, '']));
      const [one, two] = await Promise.all([
        post(mine, { ...blank, [`mark-${ann.person.id}`]: 'attended', [`mark-${bob.person.id}`]: 'attended' }),
        post(theirs, { ...blank, [`mark-${ann.person.id}`]: 'absent', [`mark-${cal.person.id}`]: 'excused' }),
      ]);
      expect([one.status, two.status]).toEqual([303, 303]);

      const changes = await t.dataSource.getRepository(AttendanceChange).find({ where: { sessionId: session.id }, order: { changedAt: 'ASC' } });
      const annChanges = changes.filter((change) => change.personId === ann.person.id);
      expect(annChanges.map((change) => change.changedById).sort()).toEqual([trainer.person.id, otherTrainer.person.id].sort());
      // Whichever saved second changed what the first saved: the history chains into the final state.
      const final = (await records(session.id))[ann.person.id].status;
      expect([annChanges[0].oldStatus, annChanges[1].oldStatus]).toEqual([null, annChanges[0].newStatus]);
      expect(annChanges[1].newStatus).toBe(final);
      // Neither save undid the other's marks of other people.
      expect(await records(session.id)).toMatchObject({ [bob.person.id]: { status: 'attended' }, [cal.person.id]: { status: 'excused' } });
    });

    it('starts self check-in with a code to project, and prints a sign-in sheet with teams and a signature column', async () => {
      const ann = await learner({ name: 'Ann Sheet', team: 'Mental Health' });
      const session = await mySession(fromNow(DAY));
      await book(ann, session.id);
      const registerPath = `/trainer/sessions/${session.id}/register`;
      expect((await page(registerPath)).text).toContain('Start check-in now');
      const started = await submit(303, `/trainer/sessions/${session.id}/check-in-code`, {});
      expect(started.headers.location).toBe(`/trainer/sessions/${session.id}/check-in-code`);
      const { checkInCode } = await sessionRow(session.id);
      expect(checkInCode).toMatch(/^[A-Z2-9]{6}$/);
      const screen = pageText((await page(started.headers.location as string).expect(200)).text);
      expect(screen).toContain(`On your phone, go to http://localhost:3999/check-in and enter this code: ${checkInCode}`);
      expect(screen).toContain('Open from 08:45 to 11:00 GMT');
      expect(pageText((await page(registerPath)).text)).toContain(checkInCode!);

      const sheet = await page(`/trainer/sessions/${session.id}/sign-in-sheet`).expect(200);
      expect(pageText(sheet.text)).toContain('Name Team Organisation Signature Ann Sheet Mental Health North Ayrshire HSCP');
      expect(sheet.text.match(/class="nhsuk-table__row app-blank-row"/g)).toHaveLength(5);
    });
  });
});
