import { AuditEvent } from '../../src/audit/audit-event.entity';
import { AuthToken } from '../../src/auth/auth-token.entity';
import { Course } from '../../src/courses/course.entity';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { Organisation } from '../../src/organisations/organisation.entity';
import { makeCourse, makeOrganisation, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { eventually } from '../support/eventually';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';
import { cookieHeader, openForm, pageText } from '../support/web-form';

const NOW = '2027-02-01T10:00:00.000Z';
const DAY = 24 * 3600_000;

/** The error summary's links, as `#field: message`. */
function errorSummary(html: string): string[] {
  const summary = /<ul class="nhsuk-list nhsuk-error-summary__list">[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="(#[^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map(([, href, text]) => `${href}: ${pageText(text)}`);
}

describe(`web: courses, organisations, mail, API tokens and audit for admins (${testDialect()})`, () => {
  let sink: SmtpSink;
  let t: TestApp;
  let organisationId: string;
  let admin: SignedInPerson;
  let trainer: SignedInPerson;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ now: NOW, env: { SMTP_URL: sink.url, MAIL_MAX_ATTEMPTS: '1' } });
    organisationId = (await makeOrganisation(t.dataSource, { name: 'Library service' })).id;
    admin = await makeSignedIn(t.dataSource, organisationId, ['admin'], { name: 'Aileen Admin' });
    trainer = await makeSignedIn(t.dataSource, organisationId, ['trainer', 'learner']);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });
  beforeEach(async () => {
    t.clock.set(NOW);
    if (!sink.running) await sink.restart();
  });

  const page = (path: string, who: SignedInPerson = admin) => t.http.get(path).set('Cookie', `tt_session=${who.token}`);
  /**
   * Opens `formPage` as a browser would and posts `fields` to `action` with its cookies and form
   * token; expects `status`, and for a redirect, where it leads.
   */
  async function submit(formPage: string, action: string, fields: Record<string, string>, status: number, location?: string, who: SignedInPerson = admin) {
    const form = await openForm(t.http, formPage, who.token);
    const response = await t.http.post(action).set('Cookie', cookieHeader(form.jar)).type('form').send({ _csrf: form.csrf, ...fields }).expect(status);
    if (location !== undefined) expect(response.headers.location).toBe(location);
    return response;
  }

  describe('courses', () => {
    it('adds a course after showing what is wrong with the form, keeping what was typed', async () => {
      const wrong = await submit('/admin/courses/new', '/admin/courses/new', { title: ' ', description: 'Kept', durationMinutes: '1.5', cpdHours: '2.345' }, 400);
      expect(wrong.text).toContain('<title>Error: Add a course');
      expect(errorSummary(wrong.text)).toEqual([
        '#title: Enter the course title',
        '#durationMinutes: Length must be a whole number of minutes, like 120',
        '#cpdHours: CPD hours can have up to 2 decimal places, like 1.25',
      ]);
      expect(pageText(wrong.text)).toContain('Error: Length must be a whole number of minutes, like 120');
      expect(wrong.text).toMatch(/<textarea[^>]*name="description"[^>]*>Kept<\/textarea>/);
      expect(wrong.text).toContain('value="2.345"');
      expect(await t.dataSource.getRepository(Course).countBy({ description: 'Kept' })).toBe(0);

      const added = await submit('/admin/courses/new', '/admin/courses/new', {
        title: 'Searching CINAHL',
        description: 'Line one.\r\n\r\nLine two.',
        durationMinutes: '90',
        cpdHours: '1.5',
      }, 303);
      const course = await t.dataSource.getRepository(Course).findOneByOrFail({ title: 'Searching CINAHL' });
      expect(course).toMatchObject({ description: 'Line one.\n\nLine two.', durationMinutes: 90, cpdHours: 1.5, archivedAt: null });
      expect(added.headers.location).toBe(`/admin/courses/${course.id}?done=added`);

      const shown = pageText((await page(added.headers.location).expect(200)).text);
      expect(shown).toContain('Course added');
      expect(shown).toContain('Usual length 1 hour 30 minutes');
      expect(shown).toContain('CPD hours 1.5 hours');
      expect(shown).toContain('Sessions No sessions yet');
      expect(shown).toContain('Delete this course');
    });

    it('changes a course, clearing the fields left empty', async () => {
      const course = await makeCourse(t.dataSource, { title: 'Old title', description: 'Old', durationMinutes: 60, cpdHours: 1 });
      const form = await page(`/admin/courses/${course.id}/edit`).expect(200);
      expect(form.text).toContain('value="Old title"');
      expect(form.text).toContain('value="60"');
      await submit(`/admin/courses/${course.id}/edit`, `/admin/courses/${course.id}/edit`, { title: 'New title', description: '', durationMinutes: '', cpdHours: '0.25' }, 303, `/admin/courses/${course.id}?done=saved`);
      expect(await t.dataSource.getRepository(Course).findOneByOrFail({ id: course.id })).toMatchObject({
        title: 'New title',
        description: null,
        durationMinutes: null,
        cpdHours: 0.25,
      });
      const refused = await submit(`/admin/courses/${course.id}/edit`, `/admin/courses/${course.id}/edit`, { title: 'x'.repeat(201) }, 400);
      expect(refused.text).toContain('Course title must be 200 characters or fewer');
      expect((await t.dataSource.getRepository(Course).findOneByOrFail({ id: course.id })).title).toBe('New title');
    });

    it('archives a course with sessions: gone from the list and Find training, kept by its sessions, and offered again', async () => {
      const course = await makeCourse(t.dataSource, { title: 'Zotero for beginners' });
      const past = await makeSession(t.dataSource, { courseId: course.id, startsAt: new Date(Date.parse(NOW) - 10 * DAY), now: t.clock.now() });
      await makeSession(t.dataSource, { courseId: course.id, startsAt: new Date(Date.parse(NOW) + 10 * DAY), now: t.clock.now() });
      expect(pageText((await page('/admin/courses').expect(200)).text)).toContain('Zotero for beginners');

      const coursePage = pageText((await page(`/admin/courses/${course.id}`).expect(200)).text);
      expect(coursePage).toContain('Sessions 2 sessions, 1 of them still to come');
      expect(coursePage).not.toContain('Delete this course');
      const confirm = pageText((await page(`/admin/courses/${course.id}/archive`).expect(200)).text);
      expect(confirm).toContain('Archive Zotero for beginners?');
      expect(confirm).toContain('1 session of this course is still to come. It goes ahead as planned');
      await submit(`/admin/courses/${course.id}/archive`, `/admin/courses/${course.id}/archive`, {}, 303, `/admin/courses/${course.id}?done=archived`);
      expect((await t.dataSource.getRepository(Course).findOneByOrFail({ id: course.id })).archivedAt).toEqual(t.clock.now());

      expect(pageText((await page('/admin/courses').expect(200)).text)).not.toContain('Zotero for beginners');
      expect(pageText((await page('/admin/courses?show=archived').expect(200)).text)).toContain('Course Zotero for beginners Usual length 2 hours CPD hours 2 hours Archived 1 February 2027 at 10:00');
      // Its next session still goes ahead, but the course is no longer a choice in Find training's filter.
      expect((await page('/sessions', trainer).expect(200)).text).not.toContain(`<option value="${course.id}"`);
      // Reports cover the past, so their course filter still offers it.
      expect((await page('/reports/training').expect(200)).text).toContain(`<option value="${course.id}"`);
      expect(pageText((await page(`/sessions/${past.id}`, trainer).expect(200)).text)).toContain('Zotero for beginners');
      const deleteRefused = pageText((await page(`/admin/courses/${course.id}/delete`).expect(200)).text);
      expect(deleteRefused).toContain('You cannot delete Zotero for beginners');
      await submit(`/admin/courses/${course.id}/delete`, `/admin/courses/${course.id}/delete`, {}, 409);
      expect(await t.dataSource.getRepository(Course).findOneBy({ id: course.id })).not.toBeNull();

      await submit(`/admin/courses/${course.id}`, `/admin/courses/${course.id}/restore`, {}, 303, `/admin/courses/${course.id}?done=restored`);
      expect((await t.dataSource.getRepository(Course).findOneByOrFail({ id: course.id })).archivedAt).toBeNull();
      expect((await page('/sessions', trainer).expect(200)).text).toContain(`<option value="${course.id}"`);
    });

    it('deletes a course no session uses', async () => {
      const course = await makeCourse(t.dataSource, { title: 'Added by mistake' });
      expect(pageText((await page(`/admin/courses/${course.id}/delete`).expect(200)).text)).toContain('Delete Added by mistake?');
      await submit(`/admin/courses/${course.id}/delete`, `/admin/courses/${course.id}/delete`, {}, 303, '/admin/courses?done=deleted');
      expect(await t.dataSource.getRepository(Course).findOneBy({ id: course.id })).toBeNull();
      expect(pageText((await page('/admin/courses?done=deleted').expect(200)).text)).toContain('Course deleted');
      await page(`/admin/courses/${course.id}`).expect(404);
    });

    it('is for admins only; unknown and malformed ids are the 404 page', async () => {
      const course = await makeCourse(t.dataSource);
      expect((await page('/admin/courses', trainer).expect(403)).text).toContain('You cannot do this');
      await submit('/sessions', `/admin/courses/${course.id}/archive`, {}, 403, undefined, trainer);
      expect((await t.dataSource.getRepository(Course).findOneByOrFail({ id: course.id })).archivedAt).toBeNull();
      await page('/admin/courses/00000000-0000-4000-8000-000000000000').expect(404);
      await page('/admin/courses/not-an-id/edit').expect(404);
      await page('/admin/courses?page=9999').expect(200);
    });
  });

  describe('organisations', () => {
    it('lists, adds and changes organisations; a code in use is refused beside the field', async () => {
      await makeOrganisation(t.dataSource, { code: 'EAHSCP', name: 'East Ayrshire HSCP' });
      expect(pageText((await page('/admin/organisations').expect(200)).text)).toContain('Name East Ayrshire HSCP Code EAHSCP');

      const wrong = await submit('/admin/organisations/new', '/admin/organisations/new', { code: 'a', name: '' }, 400);
      expect(errorSummary(wrong.text)).toEqual(['#code: Code must be 2 to 32 letters, numbers or hyphens, like EAHSCP', '#name: Enter the organisation’s name']);
      const taken = await submit('/admin/organisations/new', '/admin/organisations/new', { code: 'eahscp', name: 'Again' }, 409);
      expect(errorSummary(taken.text)).toEqual(['#code: Another organisation already has the code EAHSCP']);
      expect(taken.text).toContain('value="Again"');

      await submit('/admin/organisations/new', '/admin/organisations/new', { code: 'nahscp', name: 'North Ayrshire HSCP' }, 303, '/admin/organisations?done=added');
      const created = await t.dataSource.getRepository(Organisation).findOneByOrFail({ code: 'NAHSCP' });
      expect(pageText((await page('/admin/organisations?done=added').expect(200)).text)).toContain('Organisation added');

      expect((await page(`/admin/organisations/${created.id}`).expect(200)).text).toContain('value="NAHSCP"');
      await submit(`/admin/organisations/${created.id}`, `/admin/organisations/${created.id}`, { code: 'NAHSCP', name: 'North Ayrshire Health and Social Care Partnership' }, 303);
      expect((await t.dataSource.getRepository(Organisation).findOneByOrFail({ id: created.id })).name).toBe('North Ayrshire Health and Social Care Partnership');
      await submit(`/admin/organisations/${created.id}`, `/admin/organisations/${created.id}`, { code: 'EAHSCP', name: 'x' }, 409);
      await page('/admin/organisations', trainer).expect(403);
    });
  });

  describe('mail', () => {
    const outbox = () => t.dataSource.getRepository(OutboxMessage);

    it('lists failed e-mails with recipient, subject, attempts and the error, and sends one again', async () => {
      const learner = await makeSignedIn(t.dataSource, organisationId, ['learner']);
      const address = learner.person.email!;
      sink.rejectedRecipients.add(address);
      await t.http.post('/api/auth/magic-link').send({ email: address }).expect(202);
      const failed = await eventually(async () => {
        const row = await outbox().findOneBy({ recipient: address, status: 'failed' });
        expect(row).not.toBeNull();
        return row!;
      });

      const shown = pageText((await page('/admin/mail').expect(200)).text);
      expect(shown).toContain('Mail server Reachable');
      expect(shown).toContain(`The mail server at 127.0.0.1:${sink.port} answered just now.`);
      expect(shown).toMatch(/Failed e-mails \(\d+\)/);
      expect(shown).toContain(`To ${address} Subject ${failed.subject} Attempts 1 Last error ${failed.lastError}`);

      sink.rejectedRecipients.delete(address);
      const form = await openForm(t.http, '/admin/mail', admin.token);
      await t.http.post(`/admin/mail/${failed.id}/retry`).set('Cookie', cookieHeader(form.jar)).type('form').send({ _csrf: form.csrf }).expect(303).expect('Location', '/admin/mail?retried=1');
      await eventually(async () => expect((await outbox().findOneByOrFail({ id: failed.id })).status).toBe('sent'));
      expect(sink.to(address)).toHaveLength(1);
      const after = pageText((await page('/admin/mail?retried=1').expect(200)).text);
      expect(after).toContain('1 e-mail will be sent again');
      expect(after).not.toContain(address);
      expect(after).toMatch(/Last e-mail sent \d+ February 2027 at \d\d:\d\d/);

      // Retrying it again finds it no longer failed.
      await t.http.post(`/admin/mail/${failed.id}/retry`).set('Cookie', cookieHeader(form.jar)).type('form').send({ _csrf: form.csrf }).expect(303).expect('Location', '/admin/mail?notice=not-failed');
      expect(pageText((await page('/admin/mail?notice=not-failed').expect(200)).text)).toContain('That e-mail had not failed');
    });

    it('retries every failed e-mail with one button, and says when the server cannot be reached', async () => {
      const people = [await makeSignedIn(t.dataSource, organisationId, ['learner']), await makeSignedIn(t.dataSource, organisationId, ['learner'])];
      for (const { person } of people) {
        sink.rejectedRecipients.add(person.email!);
        await t.http.post('/api/auth/magic-link').send({ email: person.email }).expect(202);
      }
      await eventually(async () => expect(await outbox().countBy({ status: 'failed' })).toBe(2));
      expect(pageText((await page('/admin/mail').expect(200)).text)).toContain('Retry all 2 failed e-mails');
      sink.rejectedRecipients.clear();
      await submit('/admin/mail', '/admin/mail/retry-failed', {}, 303, '/admin/mail?retried=2');
      await eventually(async () => expect(await outbox().countBy({ status: 'failed' })).toBe(0));
      for (const { person } of people) await eventually(() => expect(sink.to(person.email!)).toHaveLength(1));

      await sink.stop();
      const down = pageText((await page('/admin/mail').expect(200)).text);
      expect(down).toContain('Mail server Not reachable');
      expect(down).toMatch(/Error: .*ECONNREFUSED/);
      expect(down).toContain('No e-mails have failed.');
      await page('/admin/mail', trainer).expect(403);
    });
  });

  describe('API tokens', () => {
    it('issues a token shown once in a read-only field, which works until it is revoked', async () => {
      const integration = await makeSignedIn(t.dataSource, organisationId, ['manager'], { name: 'HR Integration', email: 'hr.integration@example.test' });
      const unknown = await submit('/admin/api-tokens/new', '/admin/api-tokens/new', { email: 'nobody@example.test', name: 'HR nightly import' }, 400);
      expect(errorSummary(unknown.text)).toEqual(['#email: No active person has this e-mail address']);
      const unnamed = await submit('/admin/api-tokens/new', '/admin/api-tokens/new', { email: 'HR.Integration@example.test', name: '' }, 400);
      expect(errorSummary(unnamed.text)).toEqual(['#name: Enter what the token is for']);
      expect(await t.dataSource.getRepository(AuthToken).countBy({ personId: integration.person.id, kind: 'api' })).toBe(0);

      const issued = await submit('/admin/api-tokens/new', '/admin/api-tokens/new', { email: 'HR.Integration@example.test', name: 'HR nightly import' }, 201);
      expect(issued.headers['cache-control']).toBe('no-store');
      const field = /<label[^>]*for="token"[^>]*>\s*Copy this token now: it will not be shown again\s*<\/label>[\s\S]*?<input[^>]*id="token"[^>]*>/.exec(issued.text);
      expect(field).not.toBeNull();
      expect(field![0]).toContain('readonly');
      const secret = /value="([^"]+)"/.exec(field![0])![1];
      await t.http.get('/api/people/me').set('Authorization', `Bearer ${secret}`).expect(200);

      const token = await t.dataSource.getRepository(AuthToken).findOneByOrFail({ personId: integration.person.id, kind: 'api' });
      const list = pageText((await page('/admin/api-tokens').expect(200)).text);
      expect(list).toContain('For HR nightly import Acts as HR Integration');
      expect(list).not.toContain(secret);
      expect(pageText((await page(`/admin/api-tokens/${token.id}/revoke`).expect(200)).text)).toContain('Revoke the API token HR nightly import?');
      await submit(`/admin/api-tokens/${token.id}/revoke`, `/admin/api-tokens/${token.id}/revoke`, {}, 303, '/admin/api-tokens?done=revoked');
      await t.http.get('/api/people/me').set('Authorization', `Bearer ${secret}`).expect(401);
      expect(pageText((await page('/admin/api-tokens').expect(200)).text)).not.toContain('HR nightly import');
      expect(pageText((await page('/admin/api-tokens?show=all').expect(200)).text)).toContain('For HR nightly import Acts as HR Integration Issued 1 February 2027 at 10:00 Status Revoked');
      expect(pageText((await page(`/admin/api-tokens/${token.id}/revoke`).expect(200)).text)).toContain('This API token is already revoked');
    });

    it('issues a token for the person whose page the admin came from, and goes back there after revoking', async () => {
      const person = await makeSignedIn(t.dataSource, organisationId, ['learner'], { name: 'Reporting Robot' });
      const form = await page(`/admin/api-tokens/new?personId=${person.person.id}`).expect(200);
      expect(pageText(form.text)).toContain('Acts as Reporting Robot');
      await submit(`/admin/api-tokens/new?personId=${person.person.id}`, '/admin/api-tokens/new', { personId: person.person.id, name: 'Reports' }, 201);
      const token = await t.dataSource.getRepository(AuthToken).findOneByOrFail({ personId: person.person.id, kind: 'api' });
      const back = `/admin/people/${person.person.id}`;
      await submit(`/admin/api-tokens/${token.id}/revoke?next=${encodeURIComponent(back)}`, `/admin/api-tokens/${token.id}/revoke`, { next: back }, 303, back);
      await submit(`/admin/api-tokens/${token.id}/revoke`, `/admin/api-tokens/${token.id}/revoke`, { next: '//elsewhere.example/' }, 303, '/admin/api-tokens?done=revoked');

      const inactive = await makeSignedIn(t.dataSource, organisationId, ['learner'], { name: 'Left Already', active: false });
      expect(pageText((await page(`/admin/api-tokens/new?personId=${inactive.person.id}`).expect(200)).text)).toContain('Left Already’s account is deactivated');
      await submit('/admin/api-tokens/new', '/admin/api-tokens/new', { personId: inactive.person.id, name: 'Nope' }, 422);
      await page('/admin/api-tokens', trainer).expect(403);
    });
  });

  describe('audit log', () => {
    it('shows who made each change, newest first, naming an erased admin by no name', async () => {
      const leaver = await makeSignedIn(t.dataSource, organisationId, ['admin'], { name: 'Leaving Admin' });
      t.clock.advance(60_000);
      await t.http.post('/api/courses').set(leaver.auth).send({ title: 'Audit course' }).expect(201);
      t.clock.advance(60_000);
      await t.http.post('/api/organisations').set(admin.auth).send({ code: 'AUDIT-ORG', name: 'Audited organisation' }).expect(201);

      const log = pageText((await page('/admin/audit').expect(200)).text);
      expect(log).toContain('When 1 February 2027 at 10:02 Who Aileen Admin What Added the organisation Audited organisation (AUDIT-ORG)');
      expect(log).toContain('When 1 February 2027 at 10:01 Who Leaving Admin What Added the course Audit course');
      expect(log.indexOf('Audited organisation')).toBeLessThan(log.indexOf('Audit course'));

      await t.http.delete(`/api/people/${leaver.person.id}`).set(admin.auth).expect(204);
      const afterErasure = (await page('/admin/audit').expect(200)).text;
      expect(afterErasure).not.toContain('Leaving Admin');
      expect(afterErasure).not.toContain(leaver.person.email!);
      expect(pageText(afterErasure)).toContain('Who Erased person What Added the course Audit course');
      const stored = await t.dataSource.getRepository(AuditEvent).find();
      expect(JSON.stringify(stored)).not.toContain(leaver.person.email!);
      expect(JSON.stringify(stored)).not.toContain('Leaving Admin');

      await page('/admin/audit', trainer).expect(403);
      await page('/admin/audit?page=500').expect(200);
    });
  });
});
