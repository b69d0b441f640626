import { Booking } from '../../src/bookings/booking.entity';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { Organisation } from '../../src/organisations/organisation.entity';
import { PeopleImportDraft } from '../../src/people/people-import-draft.entity';
import { Person } from '../../src/people/person.entity';
import { makeCourse, makeOrganisation, makePerson, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { makeAttendance, makeConfirmedBooking } from '../factories/attendance';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';
import { cookieHeader, CookieJar, openForm, pageText } from '../support/web-form';

/** The page's text without the column headings nhsuk tables repeat in each cell for narrow screens. */
const textOf = (html: string) => pageText(html.replace(/<span class="nhsuk-table__heading" aria-hidden="true">[^<]*<\/span>/g, ' '));


/**
 * The text of a page without its markup, for reading it as a person does on a wide screen: the
 * column headings that responsive tables repeat in each cell for narrow screens are left out.
 */
const OWN_HEADER = 'name,email,organisation,team,jobTitle,newlyQualified';

/** 10:00 UTC on the day `days` from today: a two-hour session never runs past midnight, whenever the suite runs. */
function morningOfDay(days: number): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days, 10));
}

describe(`web: admin people, HR import and erasure (${testDialect()})`, () => {
  let t: TestApp;
  let east: Organisation;
  let north: Organisation;
  let admin: SignedInPerson;

  beforeAll(async () => {
    t = await createTestApp();
    east = await makeOrganisation(t.dataSource, { code: 'EAHSCP', name: 'East Ayrshire Health and Social Care Partnership' });
    north = await makeOrganisation(t.dataSource, { code: 'NAHSCP', name: 'North Ayrshire Health and Social Care Partnership' });
    admin = await makeSignedIn(t.dataSource, east.id, ['admin'], { name: 'Iain Admin' });
  }, 60_000);
  afterAll(() => t.close());

  const page = (path: string, who: SignedInPerson = admin) => t.http.get(path).set('Cookie', `tt_session=${who.token}`);

  /** Opens the page of a form as the admin's browser, then posts it with the page's token, expecting `status`. */
  function submit(formPage: string, action: string, fields: Record<string, string | string[]>, who: SignedInPerson = admin) {
    return {
      expect: async (status: number) => {
        const form = await openForm(t.http, formPage, who.token);
        return t.http
          .post(action)
          .set('Cookie', cookieHeader(form.jar))
          .type('form')
          .send({ _csrf: form.csrf, ...fields })
          .expect(status);
      },
    };
  }

  const people = () => t.dataSource.getRepository(Person);

  describe('people', () => {
    it('finds people by part of a name or address, any letter case or accent, and filters by organisation, team, role and account', async () => {
      const oran = await makePerson(t.dataSource, { organisationId: north.id, name: 'Òran MacÌomhair', email: 'oran.maciomhair@nahscp.example', team: 'Justice Services' });
      await makePerson(t.dataSource, { organisationId: east.id, name: 'Orla Kerr', email: 'orla.kerr@eahscp.example', team: 'Adult Services', roles: ['learner', 'trainer'] });
      await makePerson(t.dataSource, { organisationId: east.id, name: 'Oran Gone', email: 'oran.gone@eahscp.example', active: false });

      const found = await page('/admin/people?q=ORAN%20MAC').expect(200);
      expect(textOf(found.text)).toContain('1 person');
      expect(found.text).toContain(`href="/admin/people/${oran.id}"`);
      expect(textOf(found.text)).toContain(
        'Òran MacÌomhair oran.maciomhair@nahscp.example North Ayrshire Health and Social Care Partnership Justice Services Learner Active',
      );

      expect(textOf((await page(`/admin/people?q=or&organisation=${east.id}&role=trainer`).expect(200)).text)).toMatch(/1 person .*Orla Kerr/);
      expect(textOf((await page('/admin/people?q=oran&status=inactive').expect(200)).text)).toMatch(/1 person .*Oran Gone .*Deactivated/);
      const byTeam = await page(`/admin/people?organisation=${north.id}&team=Justice+Services`).expect(200);
      expect(textOf(byTeam.text)).toMatch(/1 person .*Òran MacÌomhair/);
      // The team select offers the chosen organisation's teams.
      expect(byTeam.text).toMatch(/<option value="Justice Services" selected>Justice Services<\/option>/);
      expect(byTeam.text).not.toContain('<option value="Adult Services"');
    });

    it('refuses a one-letter search with the error pattern, keeping what was typed', async () => {
      const res = await page('/admin/people?q=%C3%A9').expect(400);
      expect(res.text).toMatch(/<title>Error: People – /);
      expect(res.text).toContain('href="#q"');
      expect(res.text).toContain('Enter at least 2 letters or numbers of a name or e-mail address');
      expect(res.text).toContain('value="é"');
    });

    it('pages through people, 25 at a time', async () => {
      const organisation = await makeOrganisation(t.dataSource);
      for (let index = 0; index < 27; index++) await makePerson(t.dataSource, { organisationId: organisation.id, name: `Paged Person ${String(index).padStart(2, '0')}` });
      const second = await page(`/admin/people?organisation=${organisation.id}&page=2`).expect(200);
      expect(textOf(second.text)).toContain('Showing 26 to 27 of 27 people');
      expect(textOf(second.text)).toContain('Paged Person 25');
      expect(textOf(second.text)).not.toContain('Paged Person 24');
      expect(second.text).toContain(`href="/admin/people?organisation=${organisation.id}"`);
    });

    it('is for admins only: a manager or learner gets the page that says they cannot', async () => {
      for (const roles of [['manager'], ['learner'], ['trainer']] as const) {
        const who = await makeSignedIn(t.dataSource, east.id, [...roles]);
        const res = await page('/admin/people', who).expect(403);
        expect(res.text).toContain('You cannot do this');
      }
    });

    it('shows a person with details, roles, bookings, training record and API tokens', async () => {
      const person = await makePerson(t.dataSource, { organisationId: east.id, name: 'Ailsa Boyd', team: 'Children and families', jobTitle: 'Social worker', roles: ['learner', 'trainer'] });
      const course = await makeCourse(t.dataSource, { title: 'Literature searching for social work practice', cpdHours: 2 });
      const past = await makeSession(t.dataSource, { courseId: course.id, startsAt: morningOfDay(-20) });
      const upcoming = await makeSession(t.dataSource, { courseId: course.id, startsAt: morningOfDay(5) });
      const booking = await makeConfirmedBooking(t.dataSource, past.id, person.id);
      await makeAttendance(t.dataSource, { sessionId: past.id, personId: person.id, status: 'attended', bookingId: booking.id });
      await makeConfirmedBooking(t.dataSource, upcoming.id, person.id);
      await t.http.post('/api/auth/api-tokens').set(admin.auth).send({ personId: person.id, name: 'Timetable sync' }).expect(201);

      const res = await page(`/admin/people/${person.id}`).expect(200);
      const text = textOf(res.text);
      expect(res.text).toContain('<title>Ailsa Boyd – ');
      expect(text).toContain('Full name Ailsa Boyd Change full name');
      expect(text).toContain('Organisation East Ayrshire Health and Social Care Partnership');
      expect(text).toContain('Team Children and families');
      expect(text).toContain('Roles Learner, Trainer');
      expect(text).toMatch(/Bookings coming up Course When Status Literature searching for social work practice \w+ \d+ \w+ \d{4} \d\d:\d\d to \d\d:\d\d (GMT|BST) Booked Past/);
      expect(text).toMatch(/Past bookings .* Had a place/);
      expect(text).toContain('Attended 1 session, 2 hours of continuing professional development');
      expect(text).toMatch(/API tokens .* Timetable sync .* Active/);
      expect(res.text).toContain(`href="/admin/people/${person.id}/edit#roles"`);
      await page('/admin/people/00000000-0000-4000-8000-000000000000').expect(404);
      await page('/admin/people/not-an-id').expect(404);
    });

    it('adds a person with roles as checkboxes, and shows the error pattern for a bad form or a taken address', async () => {
      const bad = await submit('/admin/people/new', '/admin/people/new', { name: '', email: 'nope', organisationId: '' }).expect(400);
      expect(bad.text).toMatch(/<title>Error: Add a person – /);
      for (const field of ['#name', '#email', '#organisationId', '#roles']) expect(bad.text).toContain(`href="${field}"`);
      expect(bad.text).toContain('value="nope"');

      const taken = await submit('/admin/people/new', '/admin/people/new', {
        name: 'Someone Else',
        email: admin.person.email!.toUpperCase(),
        organisationId: east.id,
        roles: ['learner'],
      }).expect(400);
      expect(taken.text).toContain('Someone else already uses this e-mail address');

      const added = await submit('/admin/people/new', '/admin/people/new', {
        name: 'Morag Trainer',
        email: 'morag.trainer@nhs.example',
        organisationId: north.id,
        team: 'Library',
        roles: ['trainer', 'learner'],
        details: ['libraryMember'],
      }).expect(303);
      const morag = await people().findOneByOrFail({ emailKey: 'morag.trainer@nhs.example' });
      expect(morag).toMatchObject({ name: 'Morag Trainer', organisationId: north.id, team: 'Library', jobTitle: null, roles: ['learner', 'trainer'], libraryMember: true, newlyQualified: false });
      expect(added.headers.location).toBe(`/admin/people/${morag.id}?done=added`);
      expect(textOf((await page(added.headers.location).expect(200)).text)).toContain('Success Person added');
    });

    it("changes a person's roles, and refuses clearly to take the last admin's role away", async () => {
      const person = await makePerson(t.dataSource, { organisationId: east.id, roles: ['learner'] });
      const form = await page(`/admin/people/${person.id}/edit`).expect(200);
      expect(form.text).toMatch(/value="learner" checked/);
      const fields = { name: person.name!, email: person.email!, organisationId: east.id, team: '', jobTitle: '' };
      await submit(`/admin/people/${person.id}/edit`, `/admin/people/${person.id}/edit`, { ...fields, roles: ['learner', 'manager'] }).expect(303);
      expect((await people().findOneByOrFail({ id: person.id })).roles).toEqual(['learner', 'manager']);

      // The only other admin here is `admin`; a second admin makes the first removable, and not the reverse.
      const only = await onlyAdmin();
      const refused = await submit(`/admin/people/${only.person.id}/edit`, `/admin/people/${only.person.id}/edit`, {
        name: only.person.name!,
        email: only.person.email!,
        organisationId: east.id,
        roles: ['learner'],
      }, only).expect(400);
      expect(refused.text).toContain('href="#roles"');
      expect(refused.text).toContain('They are the only administrator. Make someone else an administrator first, then remove this role');
      expect((await people().findOneByOrFail({ id: only.person.id })).roles).toEqual(['admin']);
    });

    it('deactivates after a confirmation page, reactivates, and refuses to deactivate the last admin', async () => {
      const person = await makePerson(t.dataSource, { organisationId: east.id, name: 'Rory Kerr' });
      const confirm = await page(`/admin/people/${person.id}/deactivate`).expect(200);
      expect(textOf(confirm.text)).toContain('Deactivate Rory Kerr’s account? They will not be able to sign in');
      const done = await submit(`/admin/people/${person.id}/deactivate`, `/admin/people/${person.id}/deactivate`, {}).expect(303);
      expect(done.headers.location).toBe(`/admin/people/${person.id}?done=deactivated`);
      expect((await people().findOneByOrFail({ id: person.id })).active).toBe(false);
      expect(textOf((await page(`/admin/people/${person.id}`).expect(200)).text)).toContain('Account Deactivated');

      await submit(`/admin/people/${person.id}/reactivate`, `/admin/people/${person.id}/reactivate`, {}).expect(303);
      expect((await people().findOneByOrFail({ id: person.id })).active).toBe(true);

      const only = await onlyAdmin();
      const refused = await submit(`/admin/people/${only.person.id}/deactivate`, `/admin/people/${only.person.id}/deactivate`, {}, only).expect(422);
      expect(textOf(refused.text)).toContain('You cannot deactivate this account This would leave nobody able to administer the service');
      expect((await people().findOneByOrFail({ id: only.person.id })).active).toBe(true);
    });
  });

  /**
   * An admin who is, for the moment, the only active one: every other admin of the database is
   * deactivated for the test and put back afterwards by the caller's next use of `admin`.
   */
  async function onlyAdmin(): Promise<SignedInPerson> {
    const only = await makeSignedIn(t.dataSource, east.id, ['admin']);
    const others = (await people().find()).filter((p) => p.roles.includes('admin') && p.id !== only.person.id && p.active);
    await people().update(others.map((p) => p.id), { active: false });
    restoreAdmins = async () => {
      await people().update(others.map((p) => p.id), { active: true });
      await people().update(only.person.id, { active: false });
    };
    return only;
  }
  let restoreAdmins: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await restoreAdmins?.();
    restoreAdmins = undefined;
  });

  describe('erasure', () => {
    it('says what goes, what stays and who moves up; needs the address typed; then cancels, promotes and keeps the attendance in reports', async () => {
      const course = await makeCourse(t.dataSource, { title: 'Finding the evidence', cpdHours: 1.5 });
      const full = await makeSession(t.dataSource, { courseId: course.id, capacity: 1, startsAt: morningOfDay(3) });
      const past = await makeSession(t.dataSource, { courseId: course.id, startsAt: morningOfDay(-10) });
      const leaver = await makeSignedIn(t.dataSource, east.id, ['learner'], { name: 'Leaving Person', email: 'leaving.person@eahscp.example', team: 'Adults' });
      const waiting = await makeSignedIn(t.dataSource, east.id, ['learner'], { name: 'Waiting Person' });
      const pastBooking = await makeConfirmedBooking(t.dataSource, past.id, leaver.person.id);
      await makeAttendance(t.dataSource, { sessionId: past.id, personId: leaver.person.id, status: 'attended', bookingId: pastBooking.id });
      await t.http.post('/api/bookings').set(leaver.auth).send({ sessionId: full.id }).expect(201);
      const waitlisted = (await t.http.post('/api/bookings').set(waiting.auth).send({ sessionId: full.id }).expect(201)).body as { id: string; status: string };
      expect(waitlisted.status).toBe('waitlisted');
      const reportBefore = await report(east.id);

      const confirm = await page(`/admin/people/${leaver.person.id}/erase`).expect(200);
      const text = textOf(confirm.text);
      expect(text).toContain('Erase Leaving Person?');
      expect(text).toContain('What is removed their name, e-mail address and job title, for good');
      expect(text).toContain('1 sign-in, which ends');
      expect(text).toMatch(/Finding the evidence \w+ \d+ \w+ \d{4} , [^A-Z]* (GMT|BST) Booked The place goes to Waiting Person, first on the waiting list, who is e-mailed\./);
      expect(text).toContain('their organisation (East Ayrshire Health and Social Care Partnership) and team (Adults)');
      expect(text).toContain('1 attendance record, still counted in training reports without saying who they are');
      expect(text).toContain('Their address is leaving.person@eahscp.example');
      // Reading the page changed nothing.
      expect((await t.dataSource.getRepository(Booking).findOneByOrFail({ id: waitlisted.id })).status).toBe('waitlisted');

      const wrong = await submit(`/admin/people/${leaver.person.id}/erase`, `/admin/people/${leaver.person.id}/erase`, { confirmEmail: 'someone.else@eahscp.example' }).expect(400);
      expect(wrong.text).toContain('href="#confirmEmail"');
      expect(wrong.text).toContain('The e-mail address you typed is not theirs');
      expect(wrong.text).toContain('value="someone.else@eahscp.example"');
      expect((await people().findOneByOrFail({ id: leaver.person.id })).erasedAt).toBeNull();

      const erased = await submit(`/admin/people/${leaver.person.id}/erase`, `/admin/people/${leaver.person.id}/erase`, { confirmEmail: ' LEAVING.person@eahscp.example ' }).expect(303);
      expect(erased.headers.location).toBe(`/admin/people/${leaver.person.id}?done=erased`);
      const row = await people().findOneByOrFail({ id: leaver.person.id });
      expect(row).toMatchObject({ name: null, email: null, team: 'Adults' });
      expect(row.erasedAt).not.toBeNull();
      expect((await t.dataSource.getRepository(Booking).findOneByOrFail({ id: waitlisted.id })).status).toBe('confirmed');
      const after = await report(east.id);
      expect(after.trained).toBe(reportBefore.trained);
      expect(after.attendances).toBe(reportBefore.attendances);

      const erasedPage = textOf((await page(erased.headers.location).expect(200)).text);
      expect(erasedPage).toContain('Success Personal details erased');
      expect(erasedPage).toContain('Erased person');
      expect(erasedPage).not.toContain('Leaving Person');
      await page(`/admin/people/${leaver.person.id}/erase`).expect(303);
      await page(`/admin/people/${leaver.person.id}/edit`).expect(404);
    });

    it('refuses, on the confirmation page and on posting, to erase the last admin', async () => {
      const only = await onlyAdmin();
      const res = await page(`/admin/people/${only.person.id}/erase`, only).expect(422);
      expect(textOf(res.text)).toContain(`You cannot erase ${only.person.name} ${only.person.name} is the only administrator.`);
      expect(res.text).not.toContain('name="confirmEmail"');
      const form = await openForm(t.http, `/admin/people/${only.person.id}`, only.token);
      const posted = await t.http
        .post(`/admin/people/${only.person.id}/erase`)
        .set('Cookie', cookieHeader(form.jar))
        .type('form')
        .send({ _csrf: form.csrf, confirmEmail: only.person.email! })
        .expect(422);
      expect(textOf(posted.text)).toContain(`You cannot erase ${only.person.name} This would leave nobody able to administer the service`);
      expect((await people().findOneByOrFail({ id: only.person.id })).erasedAt).toBeNull();
    });
  });

  async function report(organisationId: string): Promise<{ cohort: number; trained: number; attendances: number }> {
    const res = await t.http.get(`/api/reports/training?organisationId=${organisationId}&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`).set(admin.auth).expect(200);
    return (res.body as { totals: { cohort: number; trained: number; attendances: number } }).totals;
  }

  describe('import from an HR list', () => {
    /** The upload form's cookies and its action (the form token in the query string, as the page gives it). */
    async function uploadForm(who: SignedInPerson = admin): Promise<{ jar: CookieJar; action: string }> {
      const form = await openForm(t.http, '/admin/people/import', who.token);
      const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(form.html)![1].replace(/&amp;/g, '&');
      return { jar: form.jar, action };
    }

    function upload(content: Buffer | string, fileName = 'staff.csv', who: SignedInPerson = admin) {
      return {
        expect: async (status: number) => {
          const form = await uploadForm(who);
          return t.http
            .post(form.action)
            .set('Cookie', cookieHeader(form.jar))
            .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), fileName)
            .expect(status);
        },
      };
    }

    /** Uploads a file and follows to its preview (through the columns page when there is one, taking its suggestions). */
    async function uploadAndPreview(content: Buffer | string, expectStatus = 200) {
      const uploaded = await upload(content).expect(303);
      let location = uploaded.headers.location as string;
      if (location.endsWith('/columns')) {
        const columns = await page(location).expect(200);
        const chosen = Object.fromEntries(
          [...columns.text.matchAll(/<select class="[^"]*" id="(\w+)" name="\w+"[^>]*>([\s\S]*?)<\/select>/g)].map(([, name, options]) => [
            name,
            /<option value="([^"]*)" selected/.exec(options)?.[1] ?? '',
          ]),
        );
        const posted = await submit(location, location, chosen).expect(303);
        location = posted.headers.location as string;
      }
      const preview = await page(location).expect(expectStatus);
      return { location, preview, text: textOf(preview.text) };
    }

    function confirm(location: string, preview: string, welcome = false) {
      const fingerprint = /name="fingerprint" value="([0-9a-f]{64})"/.exec(preview)![1];
      return submit(location, `${location}/confirm`, { fingerprint, ...(welcome ? { welcome: 'yes' } : {}) });
    }

    const HR_HEADER = 'Employee number,Full name,Email address,Partnership,Team,Job title,NQSW';
    const hrRows = (prefix: string) => [
      `1,Ailsa Boyd,ailsa.boyd.${prefix}@eahscp.example,East Ayrshire Health and Social Care Partnership,Children and families,Social worker,no`,
      `2,Rory Kerr,rory.kerr.${prefix}@nahscp.example,nahscp,Adult services,Senior social worker,yes`,
      `3,Zoë Hunter,zoe.hunter.${prefix}@nahscp.example,NAHSCP,,Social worker,`,
    ];

    it('maps HR headings, names the bad line and writes nothing; fixed, it imports all, welcomes the new people, and again reports every line unchanged', async () => {
      const rows = hrRows('a');
      const bad = [HR_HEADER, rows[0], '4,Bad Line,not-an-address,NAHSCP,,,', rows[1], rows[2]].join('\r\n');
      const cohortBefore = (await report(north.id)).cohort;
      const peopleBefore = await people().count();

      const uploaded = await upload(bad).expect(303);
      expect(uploaded.headers.location).toMatch(/^\/admin\/people\/import\/[0-9a-f-]{36}\/columns$/);
      const columns = await page(uploaded.headers.location).expect(200);
      // Suggested from the headings: Full name is column B, and so on.
      expect(columns.text).toMatch(/id="name" name="name"[^>]*>[\s\S]*?<option value="1" selected>Column B: Full name \(for example, Ailsa Boyd\)<\/option>/);
      expect(columns.text).toMatch(/id="organisation" name="organisation"[^>]*>[\s\S]*?<option value="3" selected>Column D: Partnership/);

      const { location, preview, text } = await uploadAndPreview(bad, 422);
      expect(text).toContain('The file has problems');
      expect(text).toMatch(/Nothing has been imported\. 1 problem found/);
      expect(text).toContain('3 E-mail address "not-an-address" is not a valid e-mail address.');
      expect(preview.text).not.toContain('name="fingerprint"');
      expect(await people().count()).toBe(peopleBefore);
      expect(location).toMatch(/^\/admin\/people\/import\/[0-9a-f-]{36}$/);

      const fixed = [HR_HEADER, ...rows].join('\r\n');
      const good = await uploadAndPreview(fixed);
      expect(good.text).toContain('3 new people, 0 changed, 0 unchanged');
      expect(good.text).toContain('2 Ailsa Boyd ailsa.boyd.a@eahscp.example New');
      const done = await confirm(good.location, good.preview.text, true).expect(303);
      expect(done.headers.location).toBe('/admin/people/import/imported?created=3&updated=0&unchanged=0&welcomed=yes');
      expect(textOf((await page(done.headers.location).expect(200)).text)).toContain('People imported 3 people added 0 people’s details changed 0 already up to date');

      const rory = await people().findOneByOrFail({ emailKey: 'rory.kerr.a@nahscp.example' });
      expect(rory).toMatchObject({ name: 'Rory Kerr', organisationId: north.id, team: 'Adult services', jobTitle: 'Senior social worker', newlyQualified: true, roles: ['learner'] });
      expect((await people().findOneByOrFail({ emailKey: 'zoe.hunter.a@nahscp.example' })).name).toBe('Zoë Hunter');
      expect((await report(north.id)).cohort).toBe(cohortBefore + 2);
      const welcomes = await t.dataSource.getRepository(OutboxMessage).findBy({ kind: 'welcome' });
      expect(welcomes.filter((mail) => /\.a@/.test(mail.recipient)).map((mail) => mail.recipient).sort()).toEqual([
        'ailsa.boyd.a@eahscp.example',
        'rory.kerr.a@nahscp.example',
        'zoe.hunter.a@nahscp.example',
      ]);
      expect(welcomes.find((mail) => mail.recipient === 'rory.kerr.a@nahscp.example')).toMatchObject({ personId: rory.id, subject: 'You can now book library information skills training' });
      // The upload is gone once imported: confirming again finds nothing.
      await submit(good.location, `${good.location}/confirm`, { fingerprint: 'x' }).expect(404);

      const again = await uploadAndPreview(fixed);
      expect(again.text).toContain('0 new people, 0 changed, 3 unchanged');
      expect(again.text).toContain('Everybody in the file is already up to date');
      expect(again.preview.text).not.toContain('name="fingerprint"');

      const changed = await uploadAndPreview([HR_HEADER, rows[0], rows[1].replace('Adult services', 'Justice services'), rows[2]].join('\n'));
      expect(changed.text).toContain('0 new people, 1 changed, 2 unchanged');
      expect(changed.text).toContain('3 Rory Kerr rory.kerr.a@nahscp.example Changed Team: Adult services → Justice services');
      const onlyChanged = textOf((await page(`${changed.location}?show=changed`).expect(200)).text);
      expect(onlyChanged).toContain('Rory Kerr');
      expect(onlyChanged).not.toContain('Ailsa Boyd');
    });

    it('takes pasted rows with our own headings straight to the preview', async () => {
      const form = await openForm(t.http, '/admin/people/import', admin.token);
      const pasted = `${OWN_HEADER}\r\nPasted Person,pasted.person@eahscp.example,EAHSCP,,,no\r\n`;
      const res = await t.http.post('/admin/people/import').set('Cookie', cookieHeader(form.jar)).type('form').send({ _csrf: form.csrf, pasted }).expect(303);
      expect(res.headers.location).toMatch(/^\/admin\/people\/import\/[0-9a-f-]{36}$/);
      expect(textOf((await page(res.headers.location).expect(200)).text)).toContain('1 new person, 0 changed, 0 unchanged');
    });

    it('reads the form token of a file upload from its address, and refuses an upload without it', async () => {
      const form = await uploadForm();
      expect(form.action).toMatch(/^\/admin\/people\/import\?_csrf=/);
      const withoutToken = await t.http
        .post('/admin/people/import')
        .set('Cookie', cookieHeader(form.jar))
        .attach('file', Buffer.from(`${OWN_HEADER}\nA,a.token@x.example,EAHSCP,,,\n`), 'a.csv');
      expect(withoutToken.status).toBe(303);
      expect(withoutToken.headers.location).toMatch(/^\/sign-in\?next=/);
      // A token in the address counts only for multipart bodies.
      const token = new URL(form.action, 'http://x').searchParams.get('_csrf')!;
      const urlencoded = await t.http
        .post(`/admin/people/import?_csrf=${encodeURIComponent(token)}`)
        .set('Cookie', cookieHeader(form.jar))
        .type('form')
        .send({ pasted: `${OWN_HEADER}\nA,a.token@x.example,EAHSCP,,,\n` });
      expect(urlencoded.status).toBe(303);
      expect(urlencoded.headers.location).toMatch(/^\/sign-in\?next=/);
      expect(await t.dataSource.getRepository(PeopleImportDraft).countBy({ fileName: 'a.csv' })).toBe(0);
    });

    it('asks for a file or pasted rows, not neither and not both', async () => {
      const form = await uploadForm();
      const neither = await t.http.post(form.action).set('Cookie', cookieHeader(form.jar)).field('pasted', '').expect(400);
      expect(neither.text).toContain('Choose a CSV file, or paste the rows');
      expect(neither.text).toMatch(/<title>Error: Import people from an HR list – /);
      const again = await uploadForm();
      const both = await t.http
        .post(again.action)
        .set('Cookie', cookieHeader(again.jar))
        .field('pasted', `${OWN_HEADER}\nA,a@x.example,EAHSCP,,,`)
        .attach('file', Buffer.from(`${OWN_HEADER}\n`), 'a.csv')
        .expect(400);
      expect(both.text).toContain('Choose a file or paste the rows, not both');
      // What was pasted is kept.
      expect(both.text).toContain('A,a@x.example,EAHSCP,,,');
    });

    describe('bad input: each gets a preview or a page that says what is wrong, and nothing is half-imported', () => {
      it('an empty file, a file of headings alone, a binary file and a workbook', async () => {
        const cases: Array<[Buffer, string]> = [
          [Buffer.alloc(0), 'The file is empty.'],
          [Buffer.from('\r\n\r\n'), 'The file is empty.'],
          [Buffer.from(`${OWN_HEADER}\r\n`), 'The file has a line of headings but no people under it.'],
          [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]), 'The file is not a CSV file'],
          [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), 'The file is an Excel workbook, not a CSV file.'],
        ];
        for (const [bytes, message] of cases) {
          const res = await upload(bytes, 'bad.csv').expect(400);
          expect(res.text).toMatch(/<title>Error: Import people from an HR list – /);
          expect(res.text).toContain('href="#file"');
          expect(textOf(res.text)).toContain(message);
        }
      });

      it('a UTF-8 byte-order mark, mixed line endings and a Windows-1252 export read correctly', async () => {
        const bom = await uploadAndPreview(Buffer.from(`\uFEFF${OWN_HEADER}\r\nBom Person,bom.person@eahscp.example,EAHSCP,,,\n`, 'utf8'));
        expect(bom.text).toContain('2 Bom Person bom.person@eahscp.example New');

        const mixed = await uploadAndPreview(`${OWN_HEADER}\r\nMixed One,mixed.one@eahscp.example,EAHSCP,,,\nMixed Two,mixed.two@eahscp.example,EAHSCP,,,\rMixed Three,mixed.three@eahscp.example,EAHSCP,,,\r\n`);
        expect(mixed.text).toContain('3 new people');
        expect(mixed.text).toMatch(/2 Mixed One .* 3 Mixed Two .* 4 Mixed Three/);

        const windows1252 = Buffer.concat([Buffer.from(`${OWN_HEADER}\r\nSiobh`), Buffer.from([0xe1]), Buffer.from('n O'), Buffer.from([0x92]), Buffer.from('Neill,siobhan.oneill@nahscp.example,NAHSCP,,,\r\n')]);
        const read = await uploadAndPreview(windows1252);
        expect(read.text).toContain('read as Windows-1252');
        expect(read.text).toContain('2 Siobhán O’Neill siobhan.oneill@nahscp.example New');
        await confirm(read.location, read.preview.text).expect(303);
        expect((await people().findOneByOrFail({ emailKey: 'siobhan.oneill@nahscp.example' })).name).toBe('Siobhán O’Neill');
      });

      it('a formula in a cell is shown as text with a warning; an unquoted comma names its line', async () => {
        const formula = await uploadAndPreview(`${OWN_HEADER}\n"=HYPERLINK(""http://evil.example"",""Click"")",formula.cell@eahscp.example,EAHSCP,+Team,,\n`);
        expect(formula.text).toContain('Check cells that look like formulas');
        expect(formula.text).toContain('line 2, full name: =HYPERLINK("http://evil.example","Click")');
        expect(formula.preview.text).not.toMatch(/<a [^>]*href="http:\/\/evil/);

        const comma = await uploadAndPreview(`${OWN_HEADER}\nBoyd, Ailsa,comma@eahscp.example,EAHSCP,Adults,Social worker,no\n`, 422);
        expect(comma.text).toContain('2 Whole row The row has 7 fields but there are 6 headings');
      });

      it('duplicate addresses in one file name both lines; an unknown organisation lists the ones there are', async () => {
        const duplicate = await uploadAndPreview(`${OWN_HEADER}\nA One,same@eahscp.example,EAHSCP,,,\nA Two,SAME@eahscp.example,EAHSCP,,,\nA Three,three@eahscp.example,Nowhere,,,\n`, 422);
        expect(duplicate.text).toContain('3 E-mail address The same address is already on line 2.');
        expect(duplicate.text).toContain('4 Organisation No organisation has the code "Nowhere".');
        expect(duplicate.text).toContain('EAHSCP: East Ayrshire Health and Social Care Partnership');
        expect(await people().countBy({ emailKey: 'same@eahscp.example' })).toBe(0);
      });

      it('50,000 lines: a preview paged 50 at a time, then one import', async () => {
        const lines = Array.from({ length: 50_000 }, (_, index) => `Bulk Person ${index},bulk.${index}@nahscp.example,NAHSCP,Team ${index % 40},,no`);
        const big = await uploadAndPreview(`${OWN_HEADER}\n${lines.join('\n')}\n`);
        expect(big.text).toContain('50,000 new people, 0 changed, 0 unchanged');
        const last = textOf((await page(`${big.location}?page=1000`).expect(200)).text);
        expect(last).toContain('50001 Bulk Person 49999');
        expect(last).not.toContain('49951 Bulk Person 49949 ');
        await confirm(big.location, big.preview.text).expect(303);
        expect(await people().countBy({ organisationId: north.id, team: 'Team 7' })).toBe(1250);
      }, 240_000);
    });

    it('confirms only what was previewed, and keeps each admin’s uploads to themself', async () => {
      const first = await uploadAndPreview(`Name,Email,Org\nChanged Under,changed.under@eahscp.example,EAHSCP\n`);
      // Another tab changes the columns after this preview was drawn.
      await submit(`${first.location}/columns`, `${first.location}/columns`, { name: '0', email: '1', organisation: '', organisationForAll: 'NAHSCP' }).expect(303);
      const stale = await confirm(first.location, first.preview.text).expect(409);
      expect(textOf(stale.text)).toContain('Nothing was imported. The columns chosen for this file changed after the preview was shown.');
      expect(await people().countBy({ emailKey: 'changed.under@eahscp.example' })).toBe(0);

      const otherAdmin = await makeSignedIn(t.dataSource, east.id, ['admin']);
      await page(first.location, otherAdmin).expect(404);
      await page(`${first.location}/columns`, otherAdmin).expect(404);

      const cancelled = await submit(first.location, `${first.location}/discard`, {}).expect(303);
      expect(cancelled.headers.location).toBe('/admin/people/import');
      await page(first.location).expect(404);
    });

    it('a columns page without a name or address says which it needs', async () => {
      const uploaded = await upload('Surname,Work Email,Department\nBoyd,boyd@eahscp.example,Adults\n').expect(303);
      const res = await submit(uploaded.headers.location, uploaded.headers.location, { name: '', lastName: '0', email: '', organisation: '' }).expect(400);
      const text = textOf(res.text);
      expect(text).toContain('Choose the column with the first names, as you chose one for last names');
      expect(text).toContain('Choose the column with the e-mail address');
      expect(text).toContain('Choose the column with the organisation, or the organisation everybody in the file belongs to');
      expect(res.text).toMatch(/id="lastName" name="lastName"[^>]*>[\s\S]*?<option value="0" selected>/);
    });
  });

  it('an admin’s start page is the people list, with People in the navigation', async () => {
    const res = await page('/').expect(303);
    expect(res.headers.location).toBe('/admin/people');
    const list = await page('/admin/people').expect(200);
    expect(list.text).toMatch(/class="nhsuk-header__navigation-link" href="\/admin\/people" aria-current="page">(<strong[^>]*>)?People/);
    const learner = await makeSignedIn(t.dataSource, east.id, ['learner']);
    expect((await page('/sessions', learner).expect(200)).text).not.toContain('href="/admin/people"');
  });
});
