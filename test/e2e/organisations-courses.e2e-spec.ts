import { Course } from '../../src/courses/course.entity';
import { Organisation } from '../../src/organisations/organisation.entity';
import { makeCourse, makeOrganisation, makeSignedIn, SignedInPerson } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe(`organisations and courses (${testDialect()})`, () => {
  let t: TestApp;
  let admin: SignedInPerson;
  let trainer: SignedInPerson;
  let manager: SignedInPerson;
  let learner: SignedInPerson;

  beforeAll(async () => {
    t = await createTestApp();
    const home = await makeOrganisation(t.dataSource, { code: 'NHSAA-LIB', name: 'NHS Ayrshire & Arran Library Service' });
    admin = await makeSignedIn(t.dataSource, home.id, ['admin']);
    trainer = await makeSignedIn(t.dataSource, home.id, ['trainer']);
    manager = await makeSignedIn(t.dataSource, home.id, ['manager']);
    learner = await makeSignedIn(t.dataSource, home.id, ['learner']);
  });
  afterAll(() => t.close());

  describe('organisations', () => {
    it('admins add one with an upper-cased, unique code; everyone signed in lists them by name', async () => {
      const created = await t.http
        .post('/api/organisations')
        .set(admin.auth)
        .send({ code: ' eahscp ', name: 'East Ayrshire Health and Social Care Partnership' })
        .expect(201);
      expect(created.body).toEqual({ id: expect.any(String), code: 'EAHSCP', name: 'East Ayrshire Health and Social Care Partnership' });
      expect(await t.dataSource.getRepository(Organisation).findOneBy({ code: 'EAHSCP' })).not.toBeNull();

      const duplicate = await t.http.post('/api/organisations').set(admin.auth).send({ code: 'EAHSCP', name: 'Again' }).expect(409);
      expect(duplicate.body.type).toContain('organisation-code-taken');
      await t.http.post('/api/organisations').set(trainer.auth).send({ code: 'TRAIN', name: 'Trainer made' }).expect(403);

      const listed = await t.http.get('/api/organisations').set(learner.auth).expect(200);
      expect(listed.body).toEqual({
        items: [
          { id: created.body.id, code: 'EAHSCP', name: 'East Ayrshire Health and Social Care Partnership' },
          expect.objectContaining({ code: 'NHSAA-LIB' }),
        ],
        total: 2,
      });
      const page = await t.http.get('/api/organisations').query({ limit: 1, offset: 1 }).set(manager.auth).expect(200);
      expect(page.body).toEqual({ items: [expect.objectContaining({ code: 'NHSAA-LIB' })], total: 2 });

      expect((await t.http.get(`/api/organisations/${created.body.id}`).set(learner.auth).expect(200)).body.code).toBe('EAHSCP');
      await t.http.get(`/api/organisations/${UNKNOWN_ID}`).set(learner.auth).expect(404);
      expect(await t.dataSource.getRepository(Organisation).count()).toBe(2);
    });

    it('refuses codes that are not 2–32 letters, digits or hyphens', async () => {
      const before = await t.dataSource.getRepository(Organisation).count();
      for (const code of ['A', 'has space', 'x'.repeat(33), 'ÄRRAN', 12]) {
        const res = await t.http.post('/api/organisations').set(admin.auth).send({ code, name: 'Bad code' }).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('code');
        expect(res.body.errors.every((e: { field: string }) => e.field === 'code')).toBe(true);
      }
      expect(await t.dataSource.getRepository(Organisation).count()).toBe(before);
    });
  });

  describe('courses', () => {
    it('trainers and admins add and change courses; everyone signed in reads them', async () => {
      const created = await t.http
        .post('/api/courses')
        .set(trainer.auth)
        .send({ title: 'Literature searching for social work practice', durationMinutes: 120, cpdHours: 2.5 })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        title: 'Literature searching for social work practice',
        description: null,
        durationMinutes: 120,
        cpdHours: 2.5,
        archivedAt: null,
        createdAt: t.clock.now().toISOString(),
        updatedAt: t.clock.now().toISOString(),
      });

      t.clock.advance(60_000);
      const changed = await t.http
        .patch(`/api/courses/${created.body.id}`)
        .set(admin.auth)
        .send({ description: 'Finding research evidence in social care databases', cpdHours: null })
        .expect(200);
      expect(changed.body).toMatchObject({
        title: 'Literature searching for social work practice',
        description: 'Finding research evidence in social care databases',
        durationMinutes: 120,
        cpdHours: null,
        updatedAt: t.clock.now().toISOString(),
      });
      const row = await t.dataSource.getRepository(Course).findOneByOrFail({ id: created.body.id });
      expect(row).toMatchObject({ cpdHours: null, durationMinutes: 120 });

      expect((await t.http.get(`/api/courses/${created.body.id}`).set(learner.auth).expect(200)).body.id).toBe(created.body.id);
      await t.http.get(`/api/courses/${UNKNOWN_ID}`).set(learner.auth).expect(404);
      await t.http.patch(`/api/courses/${UNKNOWN_ID}`).set(admin.auth).send({ title: 'Nothing' }).expect(404);
      await t.http.post('/api/courses').set(manager.auth).send({ title: 'Managers cannot' }).expect(403);
      await t.http.patch(`/api/courses/${created.body.id}`).set(learner.auth).send({ title: 'Learners cannot' }).expect(403);
    });

    it('lists courses by title in pages, searched case-insensitively', async () => {
      await makeCourse(t.dataSource, { title: 'Library induction' });
      await makeCourse(t.dataSource, { title: 'Finding evidence to inform your practice' });
      const all = await t.http.get('/api/courses').set(learner.auth).query({ limit: 500 }).expect(200);
      const titles = all.body.items.map((c: Course) => c.title);
      expect(titles).toEqual([...titles].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())));
      expect(all.body.total).toBe(await t.dataSource.getRepository(Course).count());

      const found = await t.http.get('/api/courses').set(learner.auth).query({ q: 'EVIDENCE' }).expect(200);
      expect(found.body).toEqual({ items: [expect.objectContaining({ title: 'Finding evidence to inform your practice' })], total: 1 });
      const page = await t.http.get('/api/courses').set(learner.auth).query({ limit: 1, offset: 1 }).expect(200);
      expect(page.body.items).toEqual([expect.objectContaining({ title: titles[1] })]);
    });

    it('refuses a null title, out-of-range numbers and unknown fields, changing nothing', async () => {
      const course = await makeCourse(t.dataSource, { title: 'Unchanged' });
      const patch = (body: object) => t.http.patch(`/api/courses/${course.id}`).set(admin.auth).send(body).expect(400);
      await patch({ title: null });
      await patch({ title: '   ' });
      await patch({ durationMinutes: 0 });
      await patch({ durationMinutes: 1.5 });
      await patch({ cpdHours: -1 });
      await patch({ cpdHours: 1.234 });
      // Numbers JavaScript writes with an exponent once broke class-validator's decimal count (a 500).
      await patch({ cpdHours: 2e-323 });
      await patch({ cpdHours: 1e-7 });
      await patch({ cpdHours: '2' });
      await patch({ trainerIds: [] });
      expect(await t.dataSource.getRepository(Course).findOneByOrFail({ id: course.id })).toMatchObject({
        title: 'Unchanged',
        durationMinutes: course.durationMinutes,
        cpdHours: course.cpdHours,
      });
    });
  });
});
