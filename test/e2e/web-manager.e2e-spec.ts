import type { Response } from 'supertest';
import { Booking } from '../../src/bookings/booking.entity';
import { Organisation } from '../../src/organisations/organisation.entity';
import type { Person, Role } from '../../src/people/person.entity';
import { TrainingSession } from '../../src/sessions/training-session.entity';
import { makeCourse, makeOrganisation, makePerson, makeSession, makeSignedIn, SignedInPerson, signIn } from '../factories';
import { makeAttendance, makeConfirmedBooking } from '../factories/attendance';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';
import { cookieHeader, openForm } from '../support/web-form';

const NOW = '2027-01-11T09:00:00.000Z';

/** The text of a page without its markup, for reading it as a person does. */
function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<title[\s\S]*?<\/title>|<desc[\s\S]*?<\/desc>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Each body row of the page's tables as the text of its cells (the responsive tables' repeated headings left out). */
function tableRows(html: string): string[][] {
  const bodies = [...html.matchAll(/<tbody[\s\S]*?<\/tbody>/g)].map((match) => match[0]);
  return bodies.flatMap((body) =>
    [...body.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((row) =>
      [...row[0].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => textOf(cell[1].replace(/<span class="nhsuk-table__heading"[^>]*>[\s\S]*?<\/span>/g, ''))),
    ),
  );
}

/** "3 of 8 social workers trained (38%)" read back into its figures. */
function headline(html: string): { trained: number; cohort: number; percent: string } {
  const match = /<p[^>]*id="headline"[^>]*>\s*([\d,]+) of ([\d,]+) social workers? trained \(([^)]+)\)\s*<\/p>/.exec(html);
  if (!match) throw new Error(`no headline on the page:\n${textOf(html).slice(0, 2000)}`);
  return { trained: Number(match[1].replace(/,/g, '')), cohort: Number(match[2].replace(/,/g, '')), percent: match[3] };
}

/** The error summary's link to a field, as the NHS error pattern has it. */
function errorLink(field: string, message: string): RegExp {
  const escaped = message.replace(/'/g, '&#39;').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<a href="#${field}">\\s*${escaped}\\s*</a>`);
}

function idempotencyKeyIn(html: string): string {
  const match = /name="idempotencyKey" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('the page has no booking form');
  return match[1];
}

interface ApiReport {
  totals: { cohort: number; trained: number; percentTrained: number; sessions: number; attendances: number; noShows: number };
  rows: Array<{ key: string; label: string; cohort: number; trained: number; percentTrained: number; attendances: number; noShows: number }>;
}

describe(`web: managers' training report, not yet trained, booking their people (${testDialect()})`, () => {
  let t: TestApp;
  let north: Organisation;
  let south: Organisation;
  let empty: Organisation;
  let manager: SignedInPerson;
  let admin: SignedInPerson;
  const people = {} as Record<string, Person>;
  const sessions = {} as Record<'s1' | 's2' | 's3' | 'u1' | 'u2', TrainingSession>;
  const courses = {} as Record<'searching' | 'appraisal', string>;

  const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  };
  const page = (path: string, who: SignedInPerson) => t.http.get(path).set('Cookie', `tt_session=${who.token}`);
  const download = (path: string, who: SignedInPerson) => page(path, who).buffer(true).parse(binary);
  const api = (path: string, who: SignedInPerson) => t.http.get(path).set(who.auth);
  const apiCsv = (path: string, who: SignedInPerson) => api(path, who).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    const db = t.dataSource;
    north = await makeOrganisation(db, { name: 'North Ayrshire Health and Social Care Partnership' });
    south = await makeOrganisation(db, { name: 'South Ayrshire Health and Social Care Partnership' });
    empty = await makeOrganisation(db, { name: 'Library service' });
    courses.searching = (await makeCourse(db, { title: 'Literature searching', cpdHours: 1.5 })).id;
    courses.appraisal = (await makeCourse(db, { title: 'Critical appraisal', cpdHours: 2 })).id;

    const learner = (name: string, organisationId: string, team: string | null, roles: Role[] = ['learner']) =>
      makePerson(db, { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@north.example`, organisationId, team, roles });
    people.ailsa = await learner('Ailsa Brown', north.id, 'Adults');
    people.brian = await learner('Brian Kerr', north.id, 'Adults');
    people.catriona = await learner('Catriona Hay', north.id, 'Adults');
    people.duncan = await learner('Duncan Muir', north.id, 'Adults');
    people.eilidh = await learner('Eilidh Ross', north.id, 'Children');
    people.fraser = await learner('Fraser Reid', north.id, 'Children');
    people.gordon = await learner('Gordon Shaw', north.id, 'Children');
    people.hamish = await learner('Hamish Bell', north.id, null);
    people.isla = await learner('Isla Grant', south.id, 'Justice');
    people.jamie = await learner('Jamie Orr', south.id, 'Justice');
    manager = await makeSignedIn(db, north.id, ['manager'], { name: 'Gillian Manager' });
    admin = await makeSignedIn(db, empty.id, ['admin'], { name: 'Morven Admin' });

    const session = (courseId: string, startsAt: string, capacity = 10) => makeSession(db, { courseId, startsAt: new Date(startsAt), capacity, now: new Date(NOW) });
    sessions.s1 = await session(courses.searching, '2026-10-05T09:00:00Z');
    sessions.s2 = await session(courses.appraisal, '2026-11-16T10:00:00Z');
    sessions.s3 = await session(courses.searching, '2026-12-07T10:00:00Z');
    sessions.u1 = await session(courses.searching, '2027-01-20T10:00:00Z');
    sessions.u2 = await session(courses.appraisal, '2027-02-03T10:00:00Z', 1);

    const attended = async (who: Person, at: TrainingSession, status: 'attended' | 'absent' | 'excused') => {
      const booking = await makeConfirmedBooking(db, at.id, who.id);
      await makeAttendance(db, { sessionId: at.id, personId: who.id, status, bookingId: booking.id });
    };
    await attended(people.ailsa, sessions.s1, 'attended');
    await attended(people.ailsa, sessions.s2, 'attended');
    await attended(people.brian, sessions.s2, 'attended');
    await attended(people.catriona, sessions.s1, 'absent');
    await attended(people.eilidh, sessions.s3, 'attended');
    await attended(people.isla, sessions.s1, 'attended');
    await attended(people.jamie, sessions.s3, 'excused');

    // Upcoming: Ailsa and Catriona booked on u1; Fraser holds u2's one seat, Duncan waits for it.
    const book = (who: Person, at: TrainingSession) => t.http.post('/api/bookings').set(manager.auth).send({ sessionId: at.id, personId: who.id }).expect(201);
    await book(people.ailsa, sessions.u1);
    await book(people.catriona, sessions.u1);
    await book(people.fraser, sessions.u2);
    expect((await book(people.duncan, sessions.u2)).body.status).toBe('waitlisted');
  });
  afterAll(() => t.close());

  describe('training report', () => {
    it("puts the headline first, with the same figures as GET /api/reports/training, as words and a progress bar", async () => {
      const res = await page('/reports/training', manager).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('<title>Training report – Information skills training – NHS Ayrshire &amp; Arran</title>');
      const report = (await api('/api/reports/training?groupBy=team', manager).expect(200)).body as ApiReport;
      expect(report.totals).toMatchObject({ cohort: 8, trained: 3, percentTrained: 37.5 });
      expect(headline(res.text)).toEqual({ trained: 3, cohort: 8, percent: '38%' });
      expect(res.text).toMatch(/<progress class="app-progress" max="8" value="3" aria-labelledby="headline">/);
      const text = textOf(res.text);
      // The headline comes before the filters and the table.
      expect(text.indexOf('3 of 8 social workers trained (38%)')).toBeLessThan(text.indexOf('Filter the report'));
      expect(text).toContain('North Ayrshire Health and Social Care Partnership Training report');
      expect(text).toContain('Trained means they attended at least one session at any time.');
      expect(text).toContain('Over the same period: 4 attendances at 3 sessions, and 1 no-show (booked but absent).');
      expect(text).toContain('5 social workers not yet trained');
    });

    it('shows a row per team with cohort, trained, percent, attendances and no-shows, as the API does, and a chart of the same', async () => {
      const res = await page('/reports/training', manager).expect(200);
      expect(tableRows(res.text)).toEqual([
        ['Adults', '4', '2', '50%', '3', '1'],
        ['Children', '3', '1', '33.3%', '1', '0'],
        ['No team', '1', '0', '0%', '0', '0'],
        ['Total', '8', '3', '37.5%', '4', '1'],
      ]);
      const report = (await api('/api/reports/training?groupBy=team', manager).expect(200)).body as ApiReport;
      expect(report.rows.map((row) => [row.cohort, row.trained, row.percentTrained, row.attendances, row.noShows])).toEqual([
        [4, 2, 50, 3, 1],
        [3, 1, 33.3, 1, 0],
        [1, 0, 0, 0, 0],
      ]);

      const svg = /<svg role="img" aria-labelledby="chart-title chart-desc"[\s\S]*?<\/svg>/.exec(res.text)?.[0] ?? '';
      expect(svg).toContain('<title id="chart-title">Percentage of social workers trained by team</title>');
      expect(svg).toContain('Highest: Adults, 50% (2 of 4). Lowest: No team, 0% (0 of 1).');
      // Bars in a plot 100 units wide: each bar's length is its percentage (No team's 0% draws nothing).
      const bars = /<path d="([^"]*)" fill="#005eb8"\/>/.exec(svg)?.[1] ?? '';
      expect([...bars.matchAll(/h([\d.]+)v18/g)].map((m) => m[1])).toEqual(['50', '33.3']);
      expect(svg).toContain('viewBox="0 0 100 ');
      // The CSP forbids inline styles: nothing on the page carries a style attribute.
      expect(res.text).not.toMatch(/\sstyle="/);
    });

    it('groups by course and by month with the API’s figures, and explains that each row counts against everyone', async () => {
      const byCourse = await page('/reports/training?group=course', manager).expect(200);
      expect(tableRows(byCourse.text)).toEqual([
        ['Critical appraisal', '8', '2', '25%', '2', '0'],
        ['Literature searching', '8', '2', '25%', '2', '1'],
        ['Total', '8', '3', '37.5%', '4', '1'],
      ]);
      expect(textOf(byCourse.text)).toContain('Each course counts against all 8 social workers.');
      expect(byCourse.text).toMatch(/<input class="nhsuk-radios__input" id="group-2" name="group" type="radio" value="course" checked>/);

      const byMonth = await page('/reports/training?group=month', manager).expect(200);
      const api = (await t.http.get('/api/reports/training?groupBy=month').set(manager.auth).expect(200)).body as ApiReport;
      expect(tableRows(byMonth.text).slice(0, -1)).toEqual(
        api.rows.map((row) => [row.label, String(row.cohort), String(row.trained), `${row.percentTrained}%`, String(row.attendances), String(row.noShows)]),
      );
      expect(tableRows(byMonth.text).map((row) => row[0])).toEqual(['October 2026', 'November 2026', 'December 2026', 'Total']);
    });

    it('filters by date range (London days) and course, with the headline equal to the API for the same filters', async () => {
      const cases: Array<[string, string, { trained: number; cohort: number; percent: string }]> = [
        ['from-day=1&from-month=12&from-year=2026', 'from=2026-12-01', { trained: 1, cohort: 8, percent: '13%' }],
        ['to-day=5&to-month=10&to-year=2026', 'to=2026-10-05', { trained: 1, cohort: 8, percent: '13%' }],
        [`course=${courses.searching}&from-day=1&from-month=Oct&from-year=2026&to-day=31&to-month=12&to-year=2026`, `courseId=${courses.searching}&from=2026-10-01&to=2026-12-31`, { trained: 2, cohort: 8, percent: '25%' }],
      ];
      for (const [form, query, expected] of cases) {
        const res = await page(`/reports/training?${form}`, manager).expect(200);
        const report = (await api(`/api/reports/training?groupBy=team&${query}`, manager).expect(200)).body as ApiReport;
        expect(headline(res.text)).toEqual(expected);
        expect({ trained: report.totals.trained, cohort: report.totals.cohort }).toEqual({ trained: expected.trained, cohort: expected.cohort });
      }
      const text = textOf((await page(`/reports/training?course=${courses.searching}&from-day=1&from-month=10&from-year=2026&to-day=31&to-month=12&to-year=2026`, manager)).text);
      expect(text).toContain('Trained means they attended at least one session of Literature searching between 1 October 2026 and 31 December 2026.');
      expect(text).toContain('Clear filters');
    });

    it('keeps a manager to their own organisation, and lets an admin see every organisation or one', async () => {
      const asManager = await page(`/reports/training?organisation=${south.id}&group=organisation`, manager).expect(200);
      expect(headline(asManager.text)).toEqual({ trained: 3, cohort: 8, percent: '38%' });
      expect(asManager.text).not.toContain('South Ayrshire');

      const all = await page('/reports/training', admin).expect(200);
      expect(textOf(all.text)).toContain('All organisations Training report');
      expect(headline(all.text)).toEqual({ trained: 4, cohort: 10, percent: '40%' });
      expect(tableRows(all.text)).toEqual([
        ['North Ayrshire Health and Social Care Partnership', '8', '3', '37.5%', '4', '1'],
        ['South Ayrshire Health and Social Care Partnership', '2', '1', '50%', '1', '0'],
        ['Total', '10', '4', '40%', '5', '1'],
      ]);
      const one = await page(`/reports/training?organisation=${south.id}&group=team`, admin).expect(200);
      expect(textOf(one.text)).toContain('South Ayrshire Health and Social Care Partnership Training report');
      const report = (await api(`/api/reports/training?organisationId=${south.id}&groupBy=team`, admin).expect(200)).body as ApiReport;
      expect(headline(one.text)).toMatchObject({ trained: report.totals.trained, cohort: report.totals.cohort });
      expect(tableRows(one.text)[0]).toEqual(['Justice', '2', '1', '50%', '1', '0']);
    });

    it('re-shows a form with wrong dates with the NHS error pattern (400), keeping what was typed, and no report', async () => {
      const res = await page('/reports/training?group=month&from-day=31&from-month=2&from-year=2027&to-month=3&course=nonsense', manager).expect(400);
      const text = textOf(res.text);
      expect(res.text).toContain('<title>Error: Training report – Information skills training – NHS Ayrshire &amp; Arran</title>');
      expect(text).toContain('There is a problem');
      for (const [field, message] of [
        ['course', 'Select a course from the list'],
        ['from-day', "The 'from' date must be a real date"],
        ['to-day', "The 'to' date must include a day and year"],
      ]) {
        expect(res.text).toMatch(errorLink(field, message));
      }
      expect(res.text).toMatch(/id="from-day" name="from-day" type="text" value="31" inputmode="numeric"/);
      expect(res.text).toMatch(/class="[^"]*nhsuk-input--error" id="to-day"/);
      expect(res.text).toMatch(/class="nhsuk-input nhsuk-input--width-2 nhsuk-date-input__input" id="to-month" name="to-month" type="text" value="3"/);
      expect(text).toContain('Correct the filters to see the report.');
      expect(res.text).not.toContain('id="headline"');

      const backwards = await page('/reports/training?from-day=2&from-month=3&from-year=2027&to-day=1&to-month=3&to-year=2027', manager).expect(400);
      expect(textOf(backwards.text)).toContain("The 'to' date must be the same as or after the 'from' date");
    });

    it('says so when there is nobody to report on, or nobody attended in the range', async () => {
      const emptyManager = await makeSignedIn(t.dataSource, empty.id, ['manager']);
      const none = textOf((await page('/reports/training', emptyManager).expect(200)).text);
      expect(none).toContain('There are no social workers in Library service on the service yet.');
      expect(none).not.toContain('Download CSV of this report Trained by');

      const quiet = await page('/reports/training?group=month&from-day=1&from-month=1&from-year=2027', manager).expect(200);
      expect(headline(quiet.text)).toEqual({ trained: 0, cohort: 8, percent: '0%' });
      expect(textOf(quiet.text)).toContain('Nobody attended a session since 1 January 2027.');
      expect(quiet.text).not.toContain('chart-title');
    });

    it('downloads the CSV with the filters kept: the API’s CSV for the same filters, the label first', async () => {
      const form = `group=course&from-day=1&from-month=10&from-year=2026&to-day=30&to-month=11&to-year=2026`;
      const res = await page(`/reports/training?${form}`, manager).expect(200);
      expect(res.text).toContain(`href="/reports/training.csv?${form.replace(/&/g, '&amp;')}" download`);

      const file = await download(`/reports/training.csv?${form}`, manager).expect(200);
      const fromApi = await apiCsv('/api/reports/training?groupBy=course&from=2026-10-01&to=2026-11-30&format=csv', manager).expect(200);
      expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(file.headers['content-disposition']).toBe('attachment; filename="training-report-course-2027-01-11.csv"');
      expect((file.body as Buffer).equals(fromApi.body as Buffer)).toBe(true);
      const lines = (file.body as Buffer).toString('utf8').replace(/^\ufeff/, '').trimEnd().split('\n');
      expect(lines).toEqual([
        'Course,Cohort,Trained,Percent trained,Attendances,No-shows,Course ID',
        `Critical appraisal,8,2,25,2,0,${courses.appraisal}`,
        `Literature searching,8,1,12.5,1,1,${courses.searching}`,
        'Total,8,2,25,3,1,',
      ]);

      const wrong = await download('/reports/training.csv?from-day=40&from-month=1&from-year=2027', manager).expect(400);
      expect(wrong.headers['content-type']).toMatch(/^text\/html/);
    });
  });

  describe('not yet trained', () => {
    it('lists who is not trained, by team, with their next booking, the same people as the API', async () => {
      const res = await page('/reports/not-yet-trained', manager).expect(200);
      const text = textOf(res.text);
      expect(text).toContain('5 social workers not yet trained');
      expect([...res.text.matchAll(/<h2 class="nhsuk-heading-m" id="team-\d+">([^<]+)<\/h2>/g)].map((m) => m[1])).toEqual(['Adults', 'Children', 'No team']);
      expect(tableRows(res.text)).toEqual([
        ['Catriona Hay catriona.hay@north.example', 'Booked Literature searching , Wednesday 20 January 2027', 'Book a place for Catriona Hay'],
        ['Duncan Muir duncan.muir@north.example', 'On the waiting list Critical appraisal , Wednesday 3 February 2027', 'Book a place for Duncan Muir'],
        ['Fraser Reid fraser.reid@north.example', 'Booked Critical appraisal , Wednesday 3 February 2027', 'Book a place for Fraser Reid'],
        ['Gordon Shaw gordon.shaw@north.example', 'Not booked', 'Book a place for Gordon Shaw'],
        ['Hamish Bell hamish.bell@north.example', 'Not booked', 'Book a place for Hamish Bell'],
      ]);
      expect(res.text).toContain(`href="/people/${people.catriona.id}/record"`);
      expect(res.text).toContain(`href="/people/${people.gordon.id}/book"`);
      expect(res.text).toContain(`href="/sessions/${sessions.u2.id}"`);

      const fromApi = (await api('/api/reports/training/people?trained=false', manager).expect(200)).body as { items: Array<{ personId: string }> };
      const ids = [...res.text.matchAll(/href="\/people\/([0-9a-f-]+)\/record"/g)].map((m) => m[1]);
      expect(ids.sort()).toEqual(fromApi.items.map((item) => item.personId).sort());
    });

    it('follows the filters: a course and range, offering to book that course', async () => {
      const res = await page(`/reports/not-yet-trained?course=${courses.appraisal}`, manager).expect(200);
      const text = textOf(res.text);
      // Ailsa and Brian attended Critical appraisal; Eilidh only Literature searching.
      expect(text).toContain('6 social workers not yet trained');
      expect(text).toContain('They have not attended a session of Critical appraisal at any time.');
      expect(res.text).toContain(`href="/people/${people.eilidh.id}/book?course=${courses.appraisal}"`);
      expect(tableRows(res.text).find((row) => row[0].startsWith('Catriona'))?.[1]).toBe('Not booked');

      const wrong = await page('/reports/not-yet-trained?to-day=31&to-month=2&to-year=2027', manager).expect(400);
      expect(wrong.text).toMatch(errorLink('to-day', "The 'to' date must be a real date"));
    });

    it('downloads the API’s people CSV with trained=false for the same filters', async () => {
      const file = await download(`/reports/not-yet-trained.csv?course=${courses.searching}&from-day=1&from-month=11&from-year=2026`, manager).expect(200);
      const fromApi = await apiCsv(`/api/reports/training/people?trained=false&courseId=${courses.searching}&from=2026-11-01&format=csv`, manager).expect(200);
      expect(file.headers['content-disposition']).toBe('attachment; filename="training-people-2027-01-11.csv"');
      expect((file.body as Buffer).equals(fromApi.body as Buffer)).toBe(true);
      const lines = (file.body as Buffer).toString('utf8').replace(/^\ufeff/, '').trimEnd().split('\n');
      expect(lines[0]).toMatch(/^Name,E-mail,Organisation,Team,Trained,/);
      expect(lines).toHaveLength(1 + 7);
    });

    it('says so when everyone is trained', async () => {
      const org = await makeOrganisation(t.dataSource, { name: 'Small partnership' });
      const only = await makePerson(t.dataSource, { organisationId: org.id, team: 'Adults' });
      const booking = await makeConfirmedBooking(t.dataSource, sessions.s1.id, only.id);
      await makeAttendance(t.dataSource, { sessionId: sessions.s1.id, personId: only.id, status: 'attended', bookingId: booking.id });
      const smallManager = await makeSignedIn(t.dataSource, org.id, ['manager']);
      const text = textOf((await page('/reports/not-yet-trained', smallManager).expect(200)).text);
      expect(text).toContain('0 social workers not yet trained');
      expect(text).toContain('Everyone in Small partnership has attended a session at any time.');
      expect(headline((await page('/reports/training', smallManager).expect(200)).text)).toEqual({ trained: 1, cohort: 1, percent: '100%' });
    });
  });

  describe('a person’s record', () => {
    it('shows the sessions they attended with CPD hours, and their bookings to come', async () => {
      const res = await page(`/people/${people.ailsa.id}/record`, manager).expect(200);
      const text = textOf(res.text);
      expect(res.text).toContain('<title>Ailsa Brown: training record – Information skills training – NHS Ayrshire &amp; Arran</title>');
      expect(text).toContain('Organisation North Ayrshire Health and Social Care Partnership Team Adults E-mail ailsa.brown@north.example');
      expect(text).toContain('2 sessions attended: 3.5 hours of continuing professional development (CPD).');
      expect(tableRows(res.text)).toEqual([
        ['5 October 2026', 'Literature searching', '1.5'],
        ['16 November 2026', 'Critical appraisal', '2'],
        ['Wednesday 20 January 2027 10:00 to 12:00 GMT', 'Literature searching', 'Booked'],
      ]);
      expect(res.text).toContain(`href="/people/${people.ailsa.id}/book"`);

      const waiting = (await page(`/people/${people.duncan.id}/record`, manager).expect(200)).text;
      expect(textOf(waiting)).toContain('No sessions attended yet.');
      expect(tableRows(waiting)).toEqual([['Wednesday 3 February 2027 10:00 to 12:00 GMT', 'Critical appraisal', 'Waiting list: number 1']]);
    });

    it('is the 404 page for another organisation’s person, an unknown id or a malformed one; an admin sees anyone', async () => {
      for (const path of [`/people/${people.isla.id}/record`, `/people/${people.isla.id}/book`, '/people/00000000-0000-4000-8000-000000000000/record', '/people/nobody/record']) {
        const res = await page(path, manager).expect(404);
        expect(textOf(res.text)).toContain('Page not found');
        expect(res.text).not.toContain('Isla Grant');
      }
      expect(textOf((await page(`/people/${people.isla.id}/record`, admin).expect(200)).text)).toContain('Isla Grant');
    });
  });

  describe('booking a person', () => {
    it('offers the sessions taking bookings, books the chosen one with the manager as actor, and says so', async () => {
      const choose = await page(`/people/${people.gordon.id}/book`, manager).expect(200);
      const text = textOf(choose.text);
      expect(text).toContain('Book Gordon Shaw onto a session');
      expect(text).toContain('Literature searching: Wednesday 20 January 2027 10:00 to 12:00 GMT. Crosshouse Hospital library. 8 places left.');
      expect(text).toContain('Critical appraisal: Wednesday 3 February 2027 10:00 to 12:00 GMT. Crosshouse Hospital library. Full – they would join the waiting list.');
      // Past sessions are not offered.
      expect(choose.text).not.toContain(`value="${sessions.s3.id}"`);

      const form = await openForm(t.http, `/people/${people.gordon.id}/book`, manager.token);
      const submit = () =>
        t.http
          .post(`/people/${people.gordon.id}/book`)
          .set('Cookie', cookieHeader(form.jar))
          .type('form')
          .send({ _csrf: form.csrf, idempotencyKey: idempotencyKeyIn(form.html), session: sessions.u1.id, course: '' });
      const [first, second] = await Promise.all([submit(), submit()]);
      expect([first.status, second.status]).toEqual([303, 303]);
      const bookings = await t.dataSource.getRepository(Booking).findBy({ personId: people.gordon.id, sessionId: sessions.u1.id });
      expect(bookings).toHaveLength(1);
      expect(bookings[0]).toMatchObject({ status: 'confirmed', bookedById: manager.person.id });
      for (const answer of [first, second]) expect(answer.headers.location).toBe(`/people/${people.gordon.id}/record?booked=${bookings[0].id}`);

      const confirmation = (await page(first.headers.location as string, manager).expect(200)).text;
      expect(textOf(confirmation)).toContain('Gordon Shaw is booked Literature searching, Wednesday 20 January 2027, 10:00 to 12:00 GMT. We have e-mailed them a confirmation with a calendar invitation.');
      expect(tableRows(confirmation)).toEqual([['Wednesday 20 January 2027 10:00 to 12:00 GMT', 'Literature searching', 'Booked']]);
      const list = await page('/reports/not-yet-trained', manager).expect(200);
      expect(tableRows(list.text).find((row) => row[0].startsWith('Gordon'))?.[1]).toBe('Booked Literature searching , Wednesday 20 January 2027');

      // The session they now hold is shown as taken.
      const again = await page(`/people/${people.gordon.id}/book`, manager).expect(200);
      expect(again.text).toMatch(new RegExp(`id="session" name="session" type="radio" value="${sessions.u1.id}" disabled`));
      expect(textOf(again.text)).toContain('Already booked.');
    });

    it('puts a person on the waiting list of a full session and says which number they are', async () => {
      const form = await openForm(t.http, `/people/${people.hamish.id}/book?course=${courses.appraisal}`, manager.token);
      expect(textOf(form.html)).not.toContain('Literature searching: Wednesday');
      const res = await t.http
        .post(`/people/${people.hamish.id}/book`)
        .set('Cookie', cookieHeader(form.jar))
        .type('form')
        .send({ _csrf: form.csrf, idempotencyKey: idempotencyKeyIn(form.html), session: sessions.u2.id, course: courses.appraisal })
        .expect(303);
      const text = textOf((await page(res.headers.location as string, manager).expect(200)).text);
      expect(text).toContain('Hamish Bell is on the waiting list Critical appraisal, Wednesday 3 February 2027, 10:00 to 12:00 GMT: they are number 2 on the waiting list.');
    });

    it('asks for a session when none is chosen, and refuses a second place on the same session, changing nothing', async () => {
      const form = await openForm(t.http, `/people/${people.catriona.id}/book`, manager.token);
      const post = (fields: Record<string, string>) =>
        t.http.post(`/people/${people.catriona.id}/book`).set('Cookie', cookieHeader(form.jar)).type('form').send({ _csrf: form.csrf, idempotencyKey: idempotencyKeyIn(form.html), course: '', ...fields });

      const missing = await post({}).expect(400);
      expect(missing.text).toContain('<title>Error: Book Catriona Hay onto a session');
      expect(missing.text).toMatch(errorLink('session', 'Select a session'));

      // Catriona already holds u1 (the list shows it taken; a stale form could still send it).
      const duplicate = await post({ session: sessions.u1.id }).expect(409);
      expect(textOf(duplicate.text)).toContain('Catriona Hay already has a place on this session, or is on its waiting list.');
      expect(await t.dataSource.getRepository(Booking).countBy({ personId: people.catriona.id, sessionId: sessions.u1.id })).toBe(1);
    });

    it('is the 404 page for another organisation’s person and books nothing', async () => {
      const form = await openForm(t.http, `/people/${people.gordon.id}/book`, manager.token);
      await t.http
        .post(`/people/${people.isla.id}/book`)
        .set('Cookie', cookieHeader(form.jar))
        .type('form')
        .send({ _csrf: form.csrf, idempotencyKey: idempotencyKeyIn(form.html), session: sessions.u1.id, course: '' })
        .expect(404);
      expect(await t.dataSource.getRepository(Booking).countBy({ personId: people.isla.id, sessionId: sessions.u1.id })).toBe(0);
    });
  });

  describe('who gets here', () => {
    it('gives learners and trainers the 403 page', async () => {
      const learner = { person: people.ailsa, token: await signIn(t.dataSource, people.ailsa) } as SignedInPerson;
      const trainer = await makeSignedIn(t.dataSource, north.id, ['trainer']);
      for (const who of [learner, trainer]) {
        for (const path of ['/reports/training', '/reports/not-yet-trained', '/reports/training.csv', `/people/${people.brian.id}/record`]) {
          const res = await page(path, who).expect(403);
          expect(textOf(res.text)).toContain('You cannot do this');
        }
      }
    });

    it('starts a manager (also one who books training for themself) on the report, a learner on Find training', async () => {
      const both = await makeSignedIn(t.dataSource, north.id, ['learner', 'manager']);
      for (const [who, home] of [
        [manager, '/reports/training'],
        [both, '/reports/training'],
        [{ token: await signIn(t.dataSource, people.eilidh) } as SignedInPerson, '/sessions'],
      ] as const) {
        expect((await page('/', who).expect(303)).headers.location).toBe(home);
      }
      const navigation = (await page('/reports/training', both).expect(200)).text;
      for (const href of ['/reports/training', '/reports/not-yet-trained', '/sessions', '/bookings', '/training-record']) {
        expect(navigation).toContain(`class="nhsuk-header__navigation-link" href="${href}"`);
      }
      const learner = { token: await signIn(t.dataSource, people.brian) } as SignedInPerson;
      expect((await page('/sessions', learner).expect(200)).text).not.toContain('href="/reports/training"');
    });
  });
});
