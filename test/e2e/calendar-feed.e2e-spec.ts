import { Person } from '../../src/people/person.entity';
import { makeCourse, makeOrganisation, makeSignedIn, SignedInPerson } from '../factories';
import { parseCalendar } from '../support/icalendar';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const NOW = '2026-03-02T09:00:00.000Z';
const FEED_URL = /^http:\/\/localhost:3999\/api\/calendar-feeds\/([A-Za-z0-9_-]{43})\.ics$/;

describe(`calendar downloads and feeds (${testDialect()})`, () => {
  let t: TestApp;
  let organisationId: string;
  let courseId: string;
  let trainer: SignedInPerson;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    courseId = (await makeCourse(t.dataSource, { title: 'Library induction' })).id;
    trainer = await makeSignedIn(t.dataSource, organisationId, ['trainer'], { name: 'Morag Trainer' });
  });
  afterAll(() => t.close());

  const learner = () => makeSignedIn(t.dataSource, organisationId, ['learner']);
  const feedPath = (url: string) => new URL(url).pathname;

  async function createSession(startsAt: string, capacity = 5): Promise<string> {
    const endsAt = new Date(new Date(startsAt).getTime() + 7200_000).toISOString();
    const res = await t.http.post('/api/sessions').set(trainer.auth).send({ courseId, startsAt, endsAt, capacity, location: 'Ayr library' }).expect(201);
    return res.body.id as string;
  }
  const book = async (who: SignedInPerson, sessionId: string) =>
    (await t.http.post('/api/bookings').set(who.auth).send({ sessionId }).expect(201)).body as { id: string; status: string };

  describe('GET /api/people/me/calendar-feed and the feed', () => {
    it('gives the same secret address every time, serving only confirmed bookings of scheduled sessions', async () => {
      const ailsa = await learner();
      const other = await learner();
      const kept = await createSession('2026-03-31T08:00:00Z');
      const full = await createSession('2026-04-01T09:00:00Z', 1);
      const dropped = await createSession('2026-04-02T09:00:00Z');
      const called = await createSession('2026-04-03T09:00:00Z');
      await book(ailsa, kept);
      await book(other, full);
      expect((await book(ailsa, full)).status).toBe('waitlisted');
      const droppedBooking = await book(ailsa, dropped);
      await t.http.post(`/api/bookings/${droppedBooking.id}/cancel`).set(ailsa.auth).expect(200);
      await book(ailsa, called);
      await t.http.post(`/api/sessions/${called}/cancel`).set(trainer.auth).send({}).expect(200);

      const first = await t.http.get('/api/people/me/calendar-feed').set(ailsa.auth).expect(200);
      expect(first.body).toEqual({ url: expect.stringMatching(FEED_URL) });
      const again = await t.http.get('/api/people/me/calendar-feed').set(ailsa.auth).expect(200);
      expect(again.body.url).toBe(first.body.url);
      const stored = await t.dataSource.getRepository(Person).findOneByOrFail({ id: ailsa.person.id });
      expect(stored.calendarFeedToken).toBe(FEED_URL.exec(first.body.url)![1]);

      const feed = await t.http.get(feedPath(first.body.url)).expect(200);
      expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(feed.headers['cache-control']).toBe('private, no-cache');
      const calendar = parseCalendar(feed.text);
      expect(calendar.method).toBe('PUBLISH');
      expect(calendar.timezones).toEqual(['Europe/London']);
      expect(calendar.events).toHaveLength(1);
      expect(calendar.events[0]).toMatchObject({
        uid: `${kept}.${ailsa.person.id}@localhost`,
        sequence: 1,
        summary: 'Library induction',
        location: 'Ayr library',
        startTzid: 'Europe/London',
        attendees: [],
        organizer: { address: 'training@localhost', cn: 'Morag Trainer' },
      });
      expect(calendar.events[0].start.toISOString()).toBe('2026-03-31T08:00:00.000Z');
    });

    it('rotating replaces the secret: the old address answers 404 at once', async () => {
      const ailsa = await learner();
      await book(ailsa, await createSession('2026-04-07T09:00:00Z'));
      const old = (await t.http.get('/api/people/me/calendar-feed').set(ailsa.auth).expect(200)).body.url as string;
      await t.http.get(feedPath(old)).expect(200);

      const rotated = await t.http.post('/api/people/me/calendar-feed/rotate').set(ailsa.auth).expect(200);
      expect(rotated.body).toEqual({ url: expect.stringMatching(FEED_URL) });
      expect(rotated.body.url).not.toBe(old);
      const gone = await t.http.get(feedPath(old)).expect(404);
      expect(gone.headers['content-type']).toContain('application/problem+json');
      expect(parseCalendar((await t.http.get(feedPath(rotated.body.url)).expect(200)).text).events).toHaveLength(1);
      expect((await t.http.get('/api/people/me/calendar-feed').set(ailsa.auth).expect(200)).body.url).toBe(rotated.body.url);
    });

    it('answers 404 for unknown and malformed secrets and for people who left', async () => {
      await t.http.get(`/api/calendar-feeds/${'a'.repeat(43)}.ics`).expect(404);
      await t.http.get('/api/calendar-feeds/short.ics').expect(404);
      await t.http.get(`/api/calendar-feeds/${'%27'.repeat(20)}.ics`).expect(404);
      const leaver = await learner();
      const url = (await t.http.get('/api/people/me/calendar-feed').set(leaver.auth).expect(200)).body.url as string;
      await t.dataSource.getRepository(Person).update({ id: leaver.person.id }, { active: false });
      await t.http.get(feedPath(url)).expect(404);
    });

    it('needs a sign-in to see or rotate the address', async () => {
      await t.http.get('/api/people/me/calendar-feed').expect(401);
      await t.http.post('/api/people/me/calendar-feed/rotate').expect(401);
    });
  });

  it('documents the calendar and outbox routes in OpenAPI, with their responses', async () => {
    const document = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const responses = (path: string, method: string) => Object.keys(document.paths[path][method].responses).sort();
    expect(responses('/api/sessions/{id}/calendar.ics', 'get')).toEqual(['200', '400', '401', '404']);
    expect(Object.keys(document.paths['/api/sessions/{id}/calendar.ics'].get.responses['200'].content!)).toEqual(['text/calendar']);
    expect(responses('/api/people/me/calendar-feed', 'get')).toEqual(['200', '401']);
    expect(responses('/api/people/me/calendar-feed/rotate', 'post')).toEqual(['200', '401', '403']);
    expect(responses('/api/calendar-feeds/{token}.ics', 'get')).toEqual(['200', '404']);
    expect(responses('/api/admin/outbox', 'get')).toEqual(['200', '400', '401', '403']);
    expect(responses('/api/admin/outbox/{id}/retry', 'post')).toEqual(['200', '400', '401', '403', '404', '409']);
  });

  describe('GET /api/sessions/:id/calendar.ics', () => {
    it('downloads one VEVENT with the caller’s invitation UID and SEQUENCE', async () => {
      const sessionId = await createSession('2026-03-27T09:00:00Z');
      const booked = await learner();
      const browsing = await learner();
      await book(booked, sessionId);

      const res = await t.http.get(`/api/sessions/${sessionId}/calendar.ics`).set(booked.auth).expect(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="training-session.ics"');
      const calendar = parseCalendar(res.text);
      expect(calendar.method).toBe('PUBLISH');
      expect(calendar.events).toHaveLength(1);
      expect(calendar.events[0]).toMatchObject({ uid: `${sessionId}.${booked.person.id}@localhost`, sequence: 1, status: 'CONFIRMED', attendees: [] });
      expect(calendar.events[0].start.toISOString()).toBe('2026-03-27T09:00:00.000Z');

      const plain = parseCalendar((await t.http.get(`/api/sessions/${sessionId}/calendar.ics`).set(browsing.auth).expect(200)).text);
      expect(plain.events[0]).toMatchObject({ uid: `${sessionId}.${browsing.person.id}@localhost`, sequence: 0 });
    });

    it('marks a cancelled session CANCELLED', async () => {
      const sessionId = await createSession('2026-04-10T09:00:00Z');
      await t.http.post(`/api/sessions/${sessionId}/cancel`).set(trainer.auth).send({}).expect(200);
      const res = await t.http.get(`/api/sessions/${sessionId}/calendar.ics`).set(trainer.auth).expect(200);
      expect(parseCalendar(res.text).events[0].status).toBe('CANCELLED');
    });

    it('answers 400 for a malformed id, 404 for an unknown one and 401 without sign-in', async () => {
      const someone = await learner();
      await t.http.get('/api/sessions/not-a-uuid/calendar.ics').set(someone.auth).expect(400);
      await t.http.get('/api/sessions/00000000-0000-4000-8000-000000000000/calendar.ics').set(someone.auth).expect(404);
      await t.http.get('/api/sessions/00000000-0000-4000-8000-000000000000/calendar.ics').expect(401);
    });
  });
});
