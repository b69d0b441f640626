import { randomUUID } from 'node:crypto';
import { AttendanceRecord } from '../../src/attendance/attendance-record.entity';
import { AuthToken } from '../../src/auth/auth-token.entity';
import { Booking } from '../../src/bookings/booking.entity';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { Organisation } from '../../src/organisations/organisation.entity';
import { Person } from '../../src/people/person.entity';
import { TrainingSession } from '../../src/sessions/training-session.entity';
import { makeCourse, makeOrganisation, makePerson, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { makeAttendance, makeConfirmedBooking } from '../factories/attendance';
import { databaseBefore, sql } from '../support/database-before';
import { linkRequestsHandled, magicLinkTokens } from '../support/magic-link';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe(`people (${testDialect()})`, () => {
  let t: TestApp;
  let east: Organisation;
  let north: Organisation;
  let admin: SignedInPerson;
  let manager: SignedInPerson;
  let trainer: SignedInPerson;
  let learner: SignedInPerson;

  beforeAll(async () => {
    t = await createTestApp();
    east = await makeOrganisation(t.dataSource, { code: 'EAHSCP', name: 'East Ayrshire HSCP' });
    north = await makeOrganisation(t.dataSource, { code: 'NAHSCP', name: 'North Ayrshire HSCP' });
    admin = await makeSignedIn(t.dataSource, east.id, ['admin'], { name: 'Zara Admin' });
    manager = await makeSignedIn(t.dataSource, east.id, ['manager'], { name: 'Zoe Manager' });
    trainer = await makeSignedIn(t.dataSource, north.id, ['trainer'], { name: 'Zak Trainer' });
    learner = await makeSignedIn(t.dataSource, east.id, ['learner'], { name: 'Zelda Learner' });
  });
  afterAll(() => t.close());

  const people = () => t.dataSource.getRepository(Person);

  describe('POST /api/people', () => {
    it('admins add a person; roles default to learner and the e-mail is kept as typed', async () => {
      const res = await t.http
        .post('/api/people')
        .set(admin.auth)
        .send({ name: 'Eilidh Campbell', email: 'Eilidh.Campbell@Example.test', organisationId: east.id, team: 'Adult services' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'Eilidh Campbell',
        email: 'Eilidh.Campbell@Example.test',
        organisationId: east.id,
        team: 'Adult services',
        jobTitle: null,
        roles: ['learner'],
        newlyQualified: false,
        libraryMember: false,
        active: true,
        erasedAt: null,
        createdAt: t.clock.now().toISOString(),
      });
      const row = await people().findOneByOrFail({ id: res.body.id });
      expect(row.emailKey).toBe('eilidh.campbell@example.test');
    });

    it('stores roles once each, in a fixed order', async () => {
      const res = await t.http
        .post('/api/people')
        .set(admin.auth)
        .send({ name: 'Two Hats', email: 'two.hats@example.test', organisationId: east.id, roles: ['trainer', 'learner', 'trainer'] })
        .expect(201);
      expect(res.body.roles).toEqual(['learner', 'trainer']);
    });

    it('refuses an address already in use in any letter case (409), and an unknown organisation (404)', async () => {
      await makePerson(t.dataSource, { organisationId: east.id, email: 'taken@example.test' });
      const before = await people().count();
      const conflict = await t.http
        .post('/api/people')
        .set(admin.auth)
        .send({ name: 'Someone', email: 'TAKEN@example.test', organisationId: north.id })
        .expect(409);
      expect(conflict.body).toMatchObject({ status: 409, type: expect.stringContaining('email-taken') });
      await t.http
        .post('/api/people')
        .set(admin.auth)
        .send({ name: 'Someone', email: 'someone@example.test', organisationId: UNKNOWN_ID })
        .expect(404);
      expect(await people().count()).toBe(before);
    });

    it('is for admins only', async () => {
      for (const caller of [manager, trainer, learner]) {
        await t.http
          .post('/api/people')
          .set(caller.auth)
          .send({ name: 'X', email: 'x@example.test', organisationId: east.id })
          .expect(403);
      }
      expect(await people().countBy({ emailKey: 'x@example.test' })).toBe(0);
    });
  });

  describe('GET /api/people', () => {
    let ronan: Person;
    let fiona: Person;
    let away: Person;

    beforeAll(async () => {
      ronan = await makePerson(t.dataSource, { organisationId: east.id, name: 'Ronan MacLeod', email: 'r.macleod@east.example.test' });
      fiona = await makePerson(t.dataSource, { organisationId: north.id, name: 'Fiona Macleod', email: 'fiona.m@north.example.test' });
      away = await makePerson(t.dataSource, { organisationId: north.id, name: 'Left Macleod', email: 'left@north.example.test', active: false });
      await makePerson(t.dataSource, { organisationId: north.id, name: '100% Match', email: 'percent@north.example.test' });
    });

    const list = (caller: SignedInPerson, query: Record<string, string | number> = {}) =>
      t.http.get('/api/people').query(query).set(caller.auth);

    it('admins see everyone, filtered by organisation, role and text, in pages ordered by name', async () => {
      const all = await list(admin, { limit: 500 }).expect(200);
      expect(all.body.total).toBe(await people().count());
      expect(all.body.items).toHaveLength(all.body.total);

      const inNorth = await list(admin, { organisationId: north.id, limit: 500 }).expect(200);
      expect(inNorth.body.items.every((p: Person) => p.organisationId === north.id)).toBe(true);
      expect(inNorth.body.total).toBe(await people().countBy({ organisationId: north.id }));

      const managers = await list(admin, { role: 'manager' }).expect(200);
      expect(managers.body.items.map((p: Person) => p.id)).toEqual([manager.person.id]);

      const macleods = await list(admin, { q: 'MACLEOD' }).expect(200);
      expect(macleods.body.items.map((p: Person) => p.name)).toEqual(['Fiona Macleod', 'Left Macleod', 'Ronan MacLeod']);
      const byAddress = await list(admin, { q: 'north.example' }).expect(200);
      expect(byAddress.body.total).toBe(3);
      // % and _ are taken literally, not as wildcards.
      expect((await list(admin, { q: '0%' }).expect(200)).body.items.map((p: Person) => p.name)).toEqual(['100% Match']);
      expect((await list(admin, { q: 'r_m' }).expect(200)).body.total).toBe(0);

      const page = await list(admin, { q: 'macleod', limit: 1, offset: 1 }).expect(200);
      expect(page.body).toEqual({ items: [expect.objectContaining({ name: 'Left Macleod' })], total: 3 });
    });

    it('managers see their own organisation only; another organisation is 404', async () => {
      const own = await list(manager, { limit: 500 }).expect(200);
      expect(own.body.total).toBe(await people().countBy({ organisationId: east.id }));
      expect(own.body.items.every((p: Person) => p.organisationId === east.id)).toBe(true);
      expect((await list(manager, { q: 'macleod' }).expect(200)).body.items.map((p: Person) => p.id)).toEqual([ronan.id]);
      await list(manager, { organisationId: east.id }).expect(200);
      await list(manager, { organisationId: north.id }).expect(404);
      await list(manager, { organisationId: UNKNOWN_ID }).expect(404);
    });

    it('trainers may only search (q of 2 or more letters, else 400), and get name, organisation and team of active people', async () => {
      for (const query of [{}, { organisationId: north.id }, { q: 'm' }, { q: ' m ' }] as Array<Record<string, string>>) {
        const refused = await list(trainer, query).expect(400);
        expect(refused.body.errors).toEqual([{ field: 'q', message: expect.any(String) }]);
      }
      const found = await list(trainer, { q: 'macleod' }).expect(200);
      expect(found.body).toEqual({
        items: [
          { id: fiona.id, name: 'Fiona Macleod', organisationId: north.id, organisation: 'North Ayrshire HSCP', team: null, email: null },
          { id: ronan.id, name: 'Ronan MacLeod', organisationId: east.id, organisation: 'East Ayrshire HSCP', team: null, email: null },
        ],
        total: 2,
      });
      expect(found.body.items.map((p: Person) => p.id)).not.toContain(away.id);
      const page = await list(trainer, { q: 'macleod', limit: 1, offset: 1 }).expect(200);
      expect(page.body).toEqual({ items: [expect.objectContaining({ id: ronan.id })], total: 2 });
    });

    it("trainers find someone by their whole e-mail address, which the answer then shows, but never by part of one", async () => {
      const exact = await list(trainer, { q: ' R.MacLeod@East.Example.test ' }).expect(200);
      expect(exact.body).toEqual({
        items: [{ id: ronan.id, name: 'Ronan MacLeod', organisationId: east.id, organisation: 'East Ayrshire HSCP', team: null, email: 'r.macleod@east.example.test' }],
        total: 1,
      });
      for (const part of ['east.example', 'r.macleod@', 'fiona.m', '@north.example.test']) {
        expect((await list(trainer, { q: part }).expect(200)).body).toEqual({ items: [], total: 0 });
      }
      expect((await list(admin, { q: 'east.example' }).expect(200)).body.total).toBeGreaterThan(0);
    });

    it('learners may not list people', async () => {
      await list(learner, { q: 'macleod' }).expect(403);
    });
  });

  describe('search ignores letter case and accents, on both databases', () => {
    let oran: Person;
    let seonaidh: Person;
    let ruairidh: Person;

    beforeAll(async () => {
      oran = await makePerson(t.dataSource, { organisationId: north.id, name: 'Òran MacÌomhair', email: 'Oran.MacIomhair@north.example.test' });
      seonaidh = await makePerson(t.dataSource, { organisationId: east.id, name: 'Seonaidh Mac Giolla Bhrìghde', email: 'seonaidh.mgb@east.example.test' });
      ruairidh = await makePerson(t.dataSource, { organisationId: east.id, name: 'Ruairidh O’Neil', email: 'ruairidh.oneil@east.example.test' });
    });

    const found = async (caller: SignedInPerson, q: string) =>
      ((await t.http.get('/api/people').query({ q }).set(caller.auth).expect(200)).body.items as Person[]).map((p) => p.id);

    it('finds Gaelic and Scots names however they are typed', async () => {
      for (const q of ['òran', 'ORAN', 'Oran', 'ÒRAN', 'maciomhair', 'MACÌOMHAIR', 'oran mac']) {
        expect({ q, found: await found(admin, q) }).toEqual({ q, found: [oran.id] });
        expect({ q, found: await found(trainer, q) }).toEqual({ q, found: [oran.id] });
      }
      expect(await found(admin, 'BHRIGHDE')).toEqual([seonaidh.id]);
      expect(await found(manager, 'giolla bhrìghde')).toEqual([seonaidh.id]);
      expect(await found(admin, "o'neil")).toEqual([ruairidh.id]);
      expect(await found(admin, 'ORAN.MACIOMHAIR@')).toEqual([oran.id]);
      expect(await found(trainer, 'oran.maciomhair@NORTH.example.test')).toEqual([oran.id]);
    });

    it('follows a change of name or address, and erasure makes a person unfindable', async () => {
      const person = await makePerson(t.dataSource, { organisationId: east.id, name: 'Catriona Bell', email: 'c.bell@east.example.test' });
      await t.http.patch(`/api/people/${person.id}`).set(admin.auth).send({ name: 'Catrìona Dhòmhnallach' }).expect(200);
      expect(await found(admin, 'catriona bell')).toEqual([]);
      expect(await found(admin, 'DHOMHNALLACH')).toEqual([person.id]);
      await t.http.patch(`/api/people/${person.id}`).set(admin.auth).send({ email: 'Catriona.D@east.example.test' }).expect(200);
      expect(await found(admin, 'c.bell@')).toEqual([]);
      expect(await found(admin, 'catriona.d@')).toEqual([person.id]);

      await t.http.delete(`/api/people/${person.id}`).set(admin.auth).expect(204);
      expect((await people().findOneByOrFail({ id: person.id })).searchText).toBeNull();
      expect(await found(admin, 'dhomhnallach')).toEqual([]);
    });

    it('finds people added by POST and by the CSV import', async () => {
      const added = await t.http
        .post('/api/people')
        .set(admin.auth)
        .send({ name: 'Eòghann Dòmhnallach', email: 'eoghann.d@north.example.test', organisationId: north.id })
        .expect(201);
      expect(await found(admin, 'EOGHANN')).toEqual([added.body.id]);

      await t.http
        .post('/api/people/import')
        .set(admin.auth)
        .set('Content-Type', 'text/csv')
        .send('name,email,organisation,team,jobTitle,newlyQualified\nMàiri NicFhionnlaigh,mairi.nf@east.example.test,EAHSCP,,,no\n')
        .expect(200);
      const imported = await people().findOneByOrFail({ emailKey: 'mairi.nf@east.example.test' });
      expect(await found(admin, 'mairi nicfhionnlaigh')).toEqual([imported.id]);
      await t.http
        .post('/api/people/import')
        .set(admin.auth)
        .set('Content-Type', 'text/csv')
        .send('name,email,organisation,team,jobTitle,newlyQualified\nMàiri Rennie,mairi.nf@east.example.test,EAHSCP,,,no\n')
        .expect(200);
      expect(await found(admin, 'NICFHIONNLAIGH')).toEqual([]);
      expect(await found(admin, 'mairi rennie')).toEqual([imported.id]);
    });

    it('the migration that adds the search column fills it in for the people already there', async () => {
      const { database, dataSource: before } = await databaseBefore('1796400000000-PersonSearchText');
      let after: TestApp | undefined;
      try {
        const organisationId = randomUUID();
        const at = '2026-01-01 00:00:00.000';
        await before.query(sql(`INSERT INTO organisation (id, code, name, "createdAt") VALUES ($1, $2, $3, $4)`), [organisationId, 'WEST', 'West', at]);
        const insertPerson = (id: string, name: string | null, email: string | null) =>
          before.query(
            sql(`INSERT INTO person (id, name, email, "emailKey", "organisationId", roles, "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`),
            [id, name, email, email?.toLowerCase() ?? null, organisationId, 'learner', at, at],
          );
        const [existing, erased] = [randomUUID(), randomUUID()];
        await insertPerson(existing, 'Òran MacÌomhair', 'Oran@West.example.test');
        await insertPerson(erased, null, null);
        await before.destroy();

        after = await createTestApp({ databaseUrl: database.url });
        const rows = await after.dataSource.getRepository(Person).findBy({ organisationId });
        expect(Object.fromEntries(rows.map((row) => [row.id, row.searchText]))).toEqual({
          [existing]: 'oran maciomhair\noran@west.example.test',
          [erased]: null,
        });
        const caller = await makeSignedIn(after.dataSource, organisationId, ['admin']);
        const res = await after.http.get('/api/people').query({ q: 'ORAN' }).set(caller.auth).expect(200);
        expect(res.body.items.map((p: Person) => p.id)).toEqual([existing]);
      } finally {
        if (before.isInitialized) await before.destroy();
        await after?.close();
        await database.drop();
      }
    });
  });

  describe('GET /api/people/:id and /me', () => {
    it('shows admins anyone, managers their organisation, everybody themself; others are 404', async () => {
      const colleague = await makePerson(t.dataSource, { organisationId: east.id });
      const stranger = await makePerson(t.dataSource, { organisationId: north.id });
      const get = (caller: SignedInPerson, id: string) => t.http.get(`/api/people/${id}`).set(caller.auth);

      expect((await get(admin, stranger.id).expect(200)).body.id).toBe(stranger.id);
      await get(manager, colleague.id).expect(200);
      await get(manager, stranger.id).expect(404);
      await get(learner, learner.person.id).expect(200);
      await get(learner, colleague.id).expect(404);
      await get(trainer, colleague.id).expect(404);
      await get(admin, UNKNOWN_ID).expect(404);

      const me = await t.http.get('/api/people/me').set(trainer.auth).expect(200);
      expect(me.body).toMatchObject({ id: trainer.person.id, roles: ['trainer'], organisationId: north.id });
    });
  });

  describe('PATCH /api/people/:id', () => {
    it('admins change the fields sent and only those; null clears team and job title', async () => {
      const person = await makePerson(t.dataSource, { organisationId: east.id, team: 'Old team', jobTitle: 'Social worker' });
      const res = await t.http
        .patch(`/api/people/${person.id}`)
        .set(admin.auth)
        .send({ email: 'New.Address@example.test', organisationId: north.id, team: null, roles: ['manager', 'learner'], newlyQualified: true })
        .expect(200);
      expect(res.body).toMatchObject({
        name: person.name,
        email: 'New.Address@example.test',
        organisationId: north.id,
        team: null,
        jobTitle: 'Social worker',
        roles: ['learner', 'manager'],
        newlyQualified: true,
      });
      const row = await people().findOneByOrFail({ id: person.id });
      expect(row.emailKey).toBe('new.address@example.test');
      expect(row.updatedAt.getTime()).toBe(t.clock.now().getTime());
    });

    it('refuses another person’s address (409), an unknown organisation (404), nulls for required fields (400)', async () => {
      const person = await makePerson(t.dataSource, { organisationId: east.id });
      const other = await makePerson(t.dataSource, { organisationId: east.id });
      await t.http.patch(`/api/people/${person.id}`).set(admin.auth).send({ email: other.email!.toUpperCase() }).expect(409);
      await t.http.patch(`/api/people/${person.id}`).set(admin.auth).send({ email: person.email!.toUpperCase() }).expect(200);
      await t.http.patch(`/api/people/${person.id}`).set(admin.auth).send({ organisationId: UNKNOWN_ID }).expect(404);
      const nulls = await t.http
        .patch(`/api/people/${person.id}`)
        .set(admin.auth)
        .send({ name: null, email: null, roles: null, active: null, organisationId: null })
        .expect(400);
      expect(new Set(nulls.body.errors.map((e: { field: string }) => e.field))).toEqual(
        new Set(['active', 'email', 'name', 'organisationId', 'roles']),
      );
      await t.http.patch(`/api/people/${person.id}`).set(admin.auth).send({ roles: [] }).expect(400);
      await t.http.patch(`/api/people/${person.id}`).set(admin.auth).send({ roles: ['owner'] }).expect(400);
      await t.http.patch(`/api/people/${person.id}`).set(manager.auth).send({ name: 'Hacked' }).expect(403);
      await t.http.patch(`/api/people/${UNKNOWN_ID}`).set(admin.auth).send({ name: 'Nobody' }).expect(404);
      const row = await people().findOneByOrFail({ id: person.id });
      expect(row).toMatchObject({ name: person.name, organisationId: east.id, roles: ['learner'], active: true });
    });

    it('a deactivated person can no longer sign in', async () => {
      const leaver = await makeSignedIn(t.dataSource, east.id, ['learner']);
      await t.http.get('/api/people/me').set(leaver.auth).expect(200);
      await t.http.patch(`/api/people/${leaver.person.id}`).set(admin.auth).send({ active: false }).expect(200);
      await t.http.get('/api/people/me').set(leaver.auth).expect(401);
    });
  });

  describe('the last admin', () => {
    it('cannot be demoted, deactivated or erased while no other active admin exists', async () => {
      const t2 = await createTestApp();
      try {
        const organisation = await makeOrganisation(t2.dataSource);
        const only = await makeSignedIn(t2.dataSource, organisation.id, ['admin']);
        const url = `/api/people/${only.person.id}`;
        await t2.http.patch(url).set(only.auth).send({ roles: ['learner'] }).expect(422);
        await t2.http.patch(url).set(only.auth).send({ active: false }).expect(422);
        await t2.http.delete(url).set(only.auth).expect(422);
        await t2.http.patch(url).set(only.auth).send({ roles: ['admin', 'trainer'] }).expect(200);

        const second = await makePerson(t2.dataSource, { organisationId: organisation.id, roles: ['admin'] });
        await t2.http.patch(url).set(only.auth).send({ roles: ['learner'] }).expect(200);
        expect((await t2.dataSource.getRepository(Person).findOneByOrFail({ id: second.id })).roles).toEqual(['admin']);
      } finally {
        await t2.close();
      }
    });
  });

  describe('DELETE /api/people/:id (erasure)', () => {
    it('removes name and e-mail for good, revokes every sign-in, and keeps bookings and attendance', async () => {
      const course = await makeCourse(t.dataSource);
      const session = await makeSession(t.dataSource, { courseId: course.id, now: new Date('2026-01-01T00:00:00Z') });
      const leaver = await makeSignedIn(t.dataSource, north.id, ['learner'], {
        name: 'Seonaidh Mac Giolla Bhrìghde',
        email: 'seonaidh@example.test',
        team: 'Justice services',
        jobTitle: 'Senior social worker',
        calendarFeedToken: 'feed-secret-123',
      });
      const booking = await makeConfirmedBooking(t.dataSource, session.id, leaver.person.id);
      const attendance = await makeAttendance(t.dataSource, {
        sessionId: session.id,
        personId: leaver.person.id,
        status: 'attended',
        bookingId: booking.id,
      });
      await t.http.post('/api/auth/magic-link').send({ email: 'seonaidh@example.test' }).expect(202);
      await linkRequestsHandled(t.dataSource);
      expect(await t.dataSource.getRepository(OutboxMessage).countBy({ personId: leaver.person.id })).toBe(1);

      await t.http.delete(`/api/people/${leaver.person.id}`).set(admin.auth).expect(204);

      const row = await people().findOneByOrFail({ id: leaver.person.id });
      expect(row).toMatchObject({
        name: null,
        email: null,
        emailKey: null,
        searchText: null,
        jobTitle: null,
        calendarFeedToken: null,
        team: 'Justice services',
        organisationId: north.id,
        erasedAt: t.clock.now(),
      });
      const tokens = await t.dataSource.getRepository(AuthToken).findBy({ personId: leaver.person.id });
      expect(tokens.length).toBe(2);
      expect(tokens.every((token) => token.revokedAt !== null)).toBe(true);
      expect(await t.dataSource.getRepository(OutboxMessage).countBy({ personId: leaver.person.id })).toBe(0);
      expect(JSON.stringify(await t.dataSource.getRepository(OutboxMessage).find())).not.toMatch(/seonaidh|Bhrìghde/i);
      expect(await t.dataSource.getRepository(Booking).findOneBy({ id: booking.id })).toMatchObject({ status: 'confirmed' });
      expect(await t.dataSource.getRepository(AttendanceRecord).findOneBy({ id: attendance.id })).toMatchObject({ status: 'attended' });

      await t.http.get('/api/people/me').set(leaver.auth).expect(401);
      const shown = await t.http.get(`/api/people/${leaver.person.id}`).set(admin.auth).expect(200);
      expect(shown.body).toMatchObject({ name: null, email: null, erasedAt: t.clock.now().toISOString(), team: 'Justice services' });

      // Their e-mails are gone, and a new request for the old address sends nothing.
      const [sentToken] = await magicLinkTokens(t.dataSource, 'seonaidh@example.test');
      expect(sentToken).toBeUndefined();
      await t.http.post('/api/auth/magic-link').send({ email: 'seonaidh@example.test' }).expect(202);
      await linkRequestsHandled(t.dataSource);
      expect(await t.dataSource.getRepository(OutboxMessage).countBy({ recipient: 'seonaidh@example.test' })).toBe(0);

      // Erasing again changes nothing; an erased person cannot be edited; the address is free again.
      await t.http.delete(`/api/people/${leaver.person.id}`).set(admin.auth).expect(204);
      expect((await people().findOneByOrFail({ id: leaver.person.id })).erasedAt).toEqual(row.erasedAt);
      await t.http.patch(`/api/people/${leaver.person.id}`).set(admin.auth).send({ name: 'Back' }).expect(422);
      await t.http
        .post('/api/people')
        .set(admin.auth)
        .send({ name: 'New Seonaidh', email: 'seonaidh@example.test', organisationId: north.id })
        .expect(201);
    });

    it("hands the erased person's seats in sessions to come to the waitlist", async () => {
      const course = await makeCourse(t.dataSource);
      const upcoming = await makeSession(t.dataSource, { courseId: course.id, capacity: 1, now: t.clock.now() });
      const leaver = await makeSignedIn(t.dataSource, north.id, ['learner']);
      const waiting = await makeSignedIn(t.dataSource, north.id, ['learner']);
      const seat = await t.http.post('/api/bookings').set(leaver.auth).send({ sessionId: upcoming.id }).expect(201);
      const queued = await t.http.post('/api/bookings').set(waiting.auth).send({ sessionId: upcoming.id }).expect(201);
      expect([seat.body.status, queued.body.status]).toEqual(['confirmed', 'waitlisted']);

      await t.http.delete(`/api/people/${leaver.person.id}`).set(admin.auth).expect(204);

      const bookings = t.dataSource.getRepository(Booking);
      expect(await bookings.findOneByOrFail({ id: seat.body.id })).toMatchObject({ status: 'cancelled', cancelledAt: t.clock.now() });
      expect(await bookings.findOneByOrFail({ id: queued.body.id })).toMatchObject({ status: 'confirmed', waitlistRank: null });
      const session = await t.dataSource.getRepository(TrainingSession).findOneByOrFail({ id: upcoming.id });
      expect(session.confirmedCount).toBe(1);
      const outbox = await t.dataSource.getRepository(OutboxMessage).findBy({ sessionId: upcoming.id });
      // Nothing is left for (or sent to) the erased person; the promoted person is told.
      expect(outbox.map((m) => `${m.kind} ${m.personId}`).sort()).toEqual([
        `booking-promoted ${waiting.person.id}`,
        `booking-waitlisted ${waiting.person.id}`,
      ]);
    });

    it('the magic link of an erased person does not sign them in', async () => {
      const leaver = await makePerson(t.dataSource, { organisationId: east.id });
      await t.http.post('/api/auth/magic-link').send({ email: leaver.email }).expect(202);
      await linkRequestsHandled(t.dataSource);
      const magic = await t.dataSource.getRepository(AuthToken).findOneByOrFail({ personId: leaver.id, kind: 'magic' });
      const [token] = await magicLinkTokens(t.dataSource, leaver.email!);
      await t.http.delete(`/api/people/${leaver.id}`).set(admin.auth).expect(204);
      await t.http.post('/api/auth/token').send({ token }).expect(401);
      expect((await t.dataSource.getRepository(AuthToken).findOneByOrFail({ id: magic.id })).revokedAt).not.toBeNull();
    });

    it('is for admins only, and 404 for unknown people', async () => {
      const person = await makePerson(t.dataSource, { organisationId: east.id });
      await t.http.delete(`/api/people/${person.id}`).set(manager.auth).expect(403);
      await t.http.delete(`/api/people/${UNKNOWN_ID}`).set(admin.auth).expect(404);
      expect((await people().findOneByOrFail({ id: person.id })).erasedAt).toBeNull();
    });
  });
});
