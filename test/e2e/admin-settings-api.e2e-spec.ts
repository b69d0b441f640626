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

const NOW = '2027-02-01T10:00:00.000Z';
const DAY = 24 * 3600_000;

describe(`admin settings API: courses, organisations, API tokens, mail, audit (${testDialect()})`, () => {
  let sink: SmtpSink;
  let t: TestApp;
  let organisationId: string;
  let admin: SignedInPerson;
  let trainer: SignedInPerson;
  let learner: SignedInPerson;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ now: NOW, env: { SMTP_URL: sink.url, MAIL_MAX_ATTEMPTS: '1' } });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    admin = await makeSignedIn(t.dataSource, organisationId, ['admin'], { name: 'Aileen Admin' });
    trainer = await makeSignedIn(t.dataSource, organisationId, ['trainer'], { name: 'Tam Trainer' });
    learner = await makeSignedIn(t.dataSource, organisationId, ['learner']);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });
  beforeEach(async () => {
    t.clock.set(NOW);
    if (!sink.running) await sink.restart();
  });

  const auditOf = async (subjectId: string) =>
    (await t.http.get('/api/admin/audit').query({ subjectId, limit: 500 }).set(admin.auth).expect(200)).body.items as Array<{
      action: string;
      actor: { id: string; name: string | null } | null;
      details: Record<string, unknown>;
    }>;

  describe('courses', () => {
    it('archiving takes a course out of the lists and out of new sessions; its sessions keep it; restoring offers it again', async () => {
      const course = await makeCourse(t.dataSource, { title: 'Searching CINAHL' });
      const old = await makeSession(t.dataSource, { courseId: course.id, startsAt: new Date(Date.parse(NOW) - 30 * DAY), now: t.clock.now() });

      t.clock.advance(60_000);
      const archived = await t.http.patch(`/api/courses/${course.id}`).set(trainer.auth).send({ archived: true }).expect(200);
      expect(archived.body).toMatchObject({ id: course.id, archivedAt: t.clock.now().toISOString() });
      expect((await t.dataSource.getRepository(Course).findOneByOrFail({ id: course.id })).archivedAt).toEqual(t.clock.now());

      const offered = await t.http.get('/api/courses').query({ limit: 500 }).set(learner.auth).expect(200);
      expect(offered.body.items.map((c: Course) => c.id)).not.toContain(course.id);
      const archivedList = await t.http.get('/api/courses').query({ archived: true, limit: 500 }).set(learner.auth).expect(200);
      expect(archivedList.body.items.map((c: Course) => c.id)).toContain(course.id);
      expect(archivedList.body.items.every((c: Course) => c.archivedAt !== null)).toBe(true);
      expect((await t.http.get(`/api/courses/${course.id}`).set(learner.auth).expect(200)).body.archivedAt).not.toBeNull();
      const session = await t.http.get(`/api/sessions/${old.id}`).set(learner.auth).expect(200);
      expect(session.body.course).toEqual({ id: course.id, title: 'Searching CINAHL' });

      const startsAt = new Date(Date.parse(NOW) + 7 * DAY);
      const refused = await t.http
        .post('/api/sessions')
        .set(admin.auth)
        .send({ courseId: course.id, startsAt, endsAt: new Date(startsAt.getTime() + 7200_000), capacity: 10 })
        .expect(422);
      expect(refused.body).toMatchObject({ type: expect.stringContaining('course-archived'), errors: [{ field: 'courseId', message: 'the course is archived' }] });

      await t.http.patch(`/api/courses/${course.id}`).set(admin.auth).send({ archived: true }).expect(200);
      await t.http.patch(`/api/courses/${course.id}`).set(admin.auth).send({ archived: false }).expect(200);
      await t.http
        .post('/api/sessions')
        .set(admin.auth)
        .send({ courseId: course.id, startsAt, endsAt: new Date(startsAt.getTime() + 7200_000), capacity: 10 })
        .expect(201);
      expect((await t.dataSource.getRepository(Course).findOneByOrFail({ id: course.id })).archivedAt).toBeNull();

      // Archiving twice records it once; restoring is recorded too.
      expect((await auditOf(course.id)).map((event) => [event.action, event.actor?.name])).toEqual([
        ['course-restored', 'Aileen Admin'],
        ['course-archived', 'Tam Trainer'],
      ]);
      await t.http.patch(`/api/courses/${course.id}`).set(admin.auth).send({ archived: null }).expect(400);
      await t.http.patch(`/api/courses/${course.id}`).set(admin.auth).send({ archived: 'yes' }).expect(400);
      await t.http.get('/api/courses').query({ archived: 'maybe' }).set(admin.auth).expect(400);
      const all = await t.http.get('/api/courses').query({ archived: 'all', limit: 500 }).set(learner.auth).expect(200);
      expect(all.body.total).toBe(await t.dataSource.getRepository(Course).count());
    });

    it('deletes a course no session refers to, and refuses one with sessions (archive it instead)', async () => {
      const unused = await makeCourse(t.dataSource, { title: 'Never run' });
      const used = await makeCourse(t.dataSource, { title: 'Run once' });
      await makeSession(t.dataSource, { courseId: used.id, status: 'cancelled', now: t.clock.now() });

      await t.http.delete(`/api/courses/${unused.id}`).set(trainer.auth).expect(403);
      await t.http.delete(`/api/courses/${unused.id}`).set(admin.auth).expect(204);
      expect(await t.dataSource.getRepository(Course).findOneBy({ id: unused.id })).toBeNull();
      await t.http.delete(`/api/courses/${unused.id}`).set(admin.auth).expect(404);

      const refused = await t.http.delete(`/api/courses/${used.id}`).set(admin.auth).expect(409);
      expect(refused.body).toMatchObject({ type: expect.stringContaining('course-has-sessions'), detail: expect.stringContaining('archive the course instead') });
      expect(await t.dataSource.getRepository(Course).findOneBy({ id: used.id })).not.toBeNull();
      expect((await auditOf(unused.id)).map((event) => [event.action, event.details])).toEqual([['course-deleted', { title: 'Never run' }]]);
    });

    it('records who added and changed a course, with the fields changed', async () => {
      const created = await t.http.post('/api/courses').set(trainer.auth).send({ title: 'Grey literature', durationMinutes: 90 }).expect(201);
      await t.http.patch(`/api/courses/${created.body.id}`).set(admin.auth).send({ title: 'Finding grey literature', cpdHours: 1.5, durationMinutes: 90 }).expect(200);
      // Sending the values it already has changes nothing worth recording.
      await t.http.patch(`/api/courses/${created.body.id}`).set(admin.auth).send({ cpdHours: 1.5 }).expect(200);
      expect((await auditOf(created.body.id)).map((event) => [event.action, event.actor?.name, event.details])).toEqual([
        ['course-changed', 'Aileen Admin', { fields: ['title', 'cpdHours'], title: { from: 'Grey literature', to: 'Finding grey literature' } }],
        ['course-created', 'Tam Trainer', { title: 'Grey literature' }],
      ]);
    });
  });

  describe('organisations', () => {
    it('admins change the code and name; a code in use is 409; every change is audited', async () => {
      const taken = await makeOrganisation(t.dataSource, { code: 'SAHSCP' });
      const created = await t.http.post('/api/organisations').set(admin.auth).send({ code: 'nahscp', name: 'North Ayrshire HSCP' }).expect(201);
      const id = created.body.id as string;

      const changed = await t.http.patch(`/api/organisations/${id}`).set(admin.auth).send({ name: ' North Ayrshire Health and Social Care Partnership ' }).expect(200);
      expect(changed.body).toEqual({ id, code: 'NAHSCP', name: 'North Ayrshire Health and Social Care Partnership' });
      const conflict = await t.http.patch(`/api/organisations/${id}`).set(admin.auth).send({ code: taken.code.toLowerCase() }).expect(409);
      expect(conflict.body.type).toContain('organisation-code-taken');
      await t.http.patch(`/api/organisations/${id}`).set(admin.auth).send({ code: 'NA HSCP' }).expect(400);
      await t.http.patch(`/api/organisations/${id}`).set(admin.auth).send({ name: '' }).expect(400);
      await t.http.patch(`/api/organisations/${id}`).set(admin.auth).send({ colour: 'blue' }).expect(400);
      await t.http.patch(`/api/organisations/${id}`).set(trainer.auth).send({ name: 'Trainers cannot' }).expect(403);
      await t.http.patch('/api/organisations/00000000-0000-4000-8000-000000000000').set(admin.auth).send({ name: 'Nobody' }).expect(404);
      await t.http.patch(`/api/organisations/${id}`).set(admin.auth).send({ code: 'NAHSCP-2' }).expect(200);
      expect(await t.dataSource.getRepository(Organisation).findOneByOrFail({ id })).toMatchObject({
        code: 'NAHSCP-2',
        name: 'North Ayrshire Health and Social Care Partnership',
      });

      expect((await auditOf(id)).map((event) => [event.action, event.details])).toEqual([
        ['organisation-changed', { code: { from: 'NAHSCP', to: 'NAHSCP-2' } }],
        ['organisation-changed', { name: { from: 'North Ayrshire HSCP', to: 'North Ayrshire Health and Social Care Partnership' } }],
        ['organisation-created', { code: 'NAHSCP', name: 'North Ayrshire HSCP' }],
      ]);
    });
  });

  describe('API tokens', () => {
    it('issues a token for an active person, lists it with their name, and revokes it once (audited)', async () => {
      const holder = await makeSignedIn(t.dataSource, organisationId, ['manager'], { name: 'Nightly Integration' });
      const issued = await t.http.post('/api/auth/api-tokens').set(admin.auth).send({ personId: holder.person.id, name: ' HR nightly import ' }).expect(201);
      expect(issued.body).toEqual({ id: expect.any(String), token: expect.any(String), personId: holder.person.id, personName: 'Nightly Integration', name: 'HR nightly import' });
      await t.http.get('/api/people/me').set('Authorization', `Bearer ${issued.body.token}`).expect(200);

      const listed = await t.http.get('/api/auth/api-tokens').query({ personId: holder.person.id }).set(admin.auth).expect(200);
      expect(listed.body).toEqual({
        items: [{ id: issued.body.id, name: 'HR nightly import', personId: holder.person.id, personName: 'Nightly Integration', createdAt: NOW, revokedAt: null }],
        total: 1,
      });

      await t.http.delete(`/api/auth/api-tokens/${issued.body.id}`).set(admin.auth).expect(204);
      await t.http.delete(`/api/auth/api-tokens/${issued.body.id}`).set(admin.auth).expect(204);
      await t.http.get('/api/people/me').set('Authorization', `Bearer ${issued.body.token}`).expect(401);
      const active = await t.http.get('/api/auth/api-tokens').query({ personId: holder.person.id, active: true }).set(admin.auth).expect(200);
      expect(active.body).toEqual({ items: [], total: 0 });

      expect((await auditOf(issued.body.id)).map((event) => [event.action, event.details])).toEqual([
        ['api-token-revoked', { name: 'HR nightly import' }],
        ['api-token-issued', { name: 'HR nightly import' }],
      ]);
      const events = (await t.http.get('/api/admin/audit').query({ subjectId: issued.body.id }).set(admin.auth).expect(200)).body.items;
      expect(events[0].subject).toEqual({ type: 'api-token', id: issued.body.id, name: 'HR nightly import', holder: { id: holder.person.id, name: 'Nightly Integration' } });
      expect(await t.dataSource.getRepository(AuditEvent).countBy({ subjectId: issued.body.id })).toBe(2);
    });

    it('refuses a person who is deactivated, and nobody but an admin', async () => {
      const inactive = await makeSignedIn(t.dataSource, organisationId, ['learner'], { active: false });
      await t.http.post('/api/auth/api-tokens').set(admin.auth).send({ personId: inactive.person.id, name: 'Nope' }).expect(404);
      await t.http.post('/api/auth/api-tokens').set(trainer.auth).send({ personId: learner.person.id, name: 'Nope' }).expect(403);
      await t.http.post('/api/auth/api-tokens').set(admin.auth).send({ personId: learner.person.id, name: '   ' }).expect(400);
      expect(await t.dataSource.getRepository(AuthToken).countBy({ kind: 'api', personId: inactive.person.id })).toBe(0);
    });
  });

  describe('mail', () => {
    const outbox = () => t.dataSource.getRepository(OutboxMessage);
    /** A message that fails at once (MAIL_MAX_ATTEMPTS=1) and is left failed. */
    async function failedMessage(recipient: string): Promise<OutboxMessage> {
      await t.http.post('/api/auth/magic-link').send({ email: recipient }).expect(202);
      return eventually(async () => {
        const row = await outbox().findOneBy({ recipient, status: 'failed' });
        expect(row).not.toBeNull();
        return row!;
      }, 15_000);
    }

    it('retries every failed message at once, and only failed ones', async () => {
      const people = [await makeSignedIn(t.dataSource, organisationId, ['learner']), await makeSignedIn(t.dataSource, organisationId, ['learner'])];
      for (const { person } of people) sink.rejectedRecipients.add(person.email!);
      const failed = [];
      for (const { person } of people) failed.push(await failedMessage(person.email!));
      const sent = await outbox().countBy({ status: 'sent' });

      const before = (await t.http.get('/api/admin/outbox/delivery').set(admin.auth).expect(200)).body;
      expect(before).toMatchObject({ kind: 'smtp', destination: `127.0.0.1:${sink.port}`, reachable: true, error: null, failed: expect.any(Number) });
      expect(before.failed).toBeGreaterThanOrEqual(2);

      sink.rejectedRecipients.clear();
      const retried = await t.http.post('/api/admin/outbox/retry-failed').set(admin.auth).expect(200);
      expect(retried.body.retried).toBe(before.failed);
      await eventually(async () => expect(await outbox().countBy({ status: 'failed' })).toBe(0), 15_000);
      await eventually(async () => expect(await outbox().countBy({ status: 'sent' })).toBe(sent + before.failed), 15_000);
      for (const { person } of people) expect(sink.to(person.email!)).toHaveLength(1);

      const after = (await t.http.get('/api/admin/outbox/delivery').set(admin.auth).expect(200)).body;
      expect(after).toMatchObject({ failed: 0, delayed: 0, lastSentAt: expect.any(String) });
      expect((await t.http.post('/api/admin/outbox/retry-failed').set(admin.auth).expect(200)).body).toEqual({ retried: 0 });
      await t.http.post('/api/admin/outbox/retry-failed').set(trainer.auth).expect(403);
      await t.http.get('/api/admin/outbox/delivery').set(learner.auth).expect(403);
    });

    it('says the SMTP server cannot be reached while it is down, within a few seconds', async () => {
      await sink.stop();
      const started = Date.now();
      const down = (await t.http.get('/api/admin/outbox/delivery').set(admin.auth).expect(200)).body;
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(down).toMatchObject({ kind: 'smtp', reachable: false, error: expect.stringMatching(/ECONNREFUSED|ESOCKET|ECONNECTION/) });
      await sink.restart();
      expect((await t.http.get('/api/admin/outbox/delivery').set(admin.auth).expect(200)).body).toMatchObject({ reachable: true, error: null });
    });
  });

  describe('audit log', () => {
    it('records people added, changed, their roles and accounts, imports and erasures, keeping no name or address', async () => {
      const organisation = await makeOrganisation(t.dataSource, { code: 'AUDITPPL' });
      const created = await t.http
        .post('/api/people')
        .set(admin.auth)
        .send({ name: 'Morag Sinclair', email: 'morag.sinclair@example.test', organisationId: organisation.id })
        .expect(201);
      const id = created.body.id as string;
      t.clock.advance(1000);
      await t.http.patch(`/api/people/${id}`).set(admin.auth).send({ team: 'Adult services', email: 'morag.s@example.test', roles: ['learner', 'trainer'] }).expect(200);
      t.clock.advance(1000);
      await t.http.patch(`/api/people/${id}`).set(admin.auth).send({ active: false }).expect(200);
      t.clock.advance(1000);
      await t.http.patch(`/api/people/${id}`).set(admin.auth).send({ active: true, team: 'Adult services' }).expect(200);
      t.clock.advance(1000);
      const csv = 'name,email,organisation,team,jobTitle,newlyQualified\nRuaridh Bell,ruaridh.bell@example.test,AUDITPPL,,,no\nMorag Sinclair,morag.s@example.test,AUDITPPL,Adult services,,no\n';
      await t.http.post('/api/people/import').query({ dryRun: 'true' }).set(admin.auth).set('Content-Type', 'text/csv').send(csv).expect(200);
      await t.http.post('/api/people/import').set(admin.auth).set('Content-Type', 'text/csv').send(csv).expect(200);
      t.clock.advance(1000);
      await t.http.delete(`/api/people/${id}`).set(admin.auth).expect(204);
      await t.http.delete(`/api/people/${id}`).set(admin.auth).expect(204);

      const events = await auditOf(id);
      expect(events.map((event) => [event.action, event.details])).toEqual([
        ['person-erased', {}],
        ['person-reactivated', {}],
        ['person-deactivated', {}],
        ['person-roles-changed', { roles: { from: ['learner'], to: ['learner', 'trainer'] } }],
        ['person-changed', { fields: ['email', 'team'] }],
        ['person-created', { roles: ['learner'], organisationId: organisation.id }],
      ]);
      expect(events.every((event) => event.actor?.name === 'Aileen Admin')).toBe(true);
      const subjects = (await t.http.get('/api/admin/audit').query({ subjectId: id }).set(admin.auth).expect(200)).body.items;
      expect(subjects[0].subject).toEqual({ type: 'person', id, name: null });

      const imports = (await t.http.get('/api/admin/audit').query({ action: 'people-imported' }).set(admin.auth).expect(200)).body.items;
      expect(imports).toHaveLength(1);
      expect(imports[0]).toMatchObject({ actor: { id: admin.person.id }, subject: { type: 'import', id: null, name: null }, details: { created: 1, updated: 0, unchanged: 1 } });

      const stored = JSON.stringify(await t.dataSource.getRepository(AuditEvent).find());
      for (const trace of ['Morag', 'Sinclair', 'morag']) expect(stored).not.toContain(trace);
    });

    it('pages newest first, filters by action, and lets only admins read it', async () => {
      for (const title of ['Audit one', 'Audit two', 'Audit three']) {
        t.clock.advance(1000);
        await t.http.post('/api/courses').set(admin.auth).send({ title }).expect(201);
      }
      const first = await t.http.get('/api/admin/audit').query({ action: 'course-created', limit: 2 }).set(admin.auth).expect(200);
      expect(first.body.items.map((event: { details: { title: string } }) => event.details.title)).toEqual(['Audit three', 'Audit two']);
      const second = await t.http.get('/api/admin/audit').query({ action: 'course-created', limit: 2, offset: 1 }).set(admin.auth).expect(200);
      expect(second.body.items[0].details.title).toBe('Audit two');
      expect(first.body.total).toBe(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'course-created' }));
      expect(first.body.items[0]).toEqual({
        id: expect.any(String),
        occurredAt: t.clock.now().toISOString(),
        action: 'course-created',
        actor: { id: admin.person.id, name: 'Aileen Admin' },
        subject: { type: 'course', id: expect.any(String), name: 'Audit three' },
        details: { title: 'Audit three' },
      });

      await t.http.get('/api/admin/audit').set(trainer.auth).expect(403);
      await t.http.get('/api/admin/audit').expect(401);
      const bad = await t.http.get('/api/admin/audit').query({ action: 'course-eaten', subjectId: 'x', limit: 0 }).set(admin.auth).expect(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['action', 'limit', 'subjectId']);
    });
  });
});
