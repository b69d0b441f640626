import { Person } from '../../src/people/person.entity';
import { makeOrganisation, makePerson, makeSignedIn, SignedInPerson } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const HEADER = 'name,email,organisation,team,jobTitle,newlyQualified';

describe(`people CSV import (${testDialect()})`, () => {
  let t: TestApp;
  let admin: SignedInPerson;
  let eastId: string;
  let northId: string;

  beforeAll(async () => {
    t = await createTestApp();
    eastId = (await makeOrganisation(t.dataSource, { code: 'EAHSCP' })).id;
    northId = (await makeOrganisation(t.dataSource, { code: 'NAHSCP' })).id;
    admin = await makeSignedIn(t.dataSource, eastId, ['admin']);
  });
  afterAll(() => t.close());

  const people = () => t.dataSource.getRepository(Person);
  const upload = (csv: string, query: Record<string, string> = {}) =>
    t.http.post('/api/people/import').query(query).set(admin.auth).set('Content-Type', 'text/csv').send(csv);
  /** Every person row, to prove a refused import changed nothing. */
  const snapshot = async () => JSON.stringify(await people().find({ order: { id: 'ASC' } }));

  it('adds new people as learners and updates existing ones by e-mail, keeping their roles (Excel BOM and CRLF)', async () => {
    const existing = await makePerson(t.dataSource, {
      organisationId: eastId,
      email: 'Kirsty.Reid@example.test',
      name: 'Kirsty Reid',
      roles: ['learner', 'manager'],
      libraryMember: true,
    });
    const csv =
      '\uFEFF' +
      [
        HEADER,
        'Kirsty Reid-Murray,KIRSTY.REID@example.test,nahscp,Adult services,Team leader,no',
        '"Campbell, Eilidh",eilidh.campbell@example.test,EAHSCP,"Children and families, Kilmarnock",Social worker,yes',
        'Calum Shaw,calum.shaw@example.test,EAHSCP,,,',
        '',
      ].join('\r\n');

    const res = await upload(csv).expect(200);
    expect(res.body).toEqual({ created: 2, updated: 1, unchanged: 0 });

    expect(await people().findOneByOrFail({ id: existing.id })).toMatchObject({
      name: 'Kirsty Reid-Murray',
      email: 'KIRSTY.REID@example.test',
      emailKey: 'kirsty.reid@example.test',
      organisationId: northId,
      team: 'Adult services',
      jobTitle: 'Team leader',
      roles: ['learner', 'manager'],
      libraryMember: true,
      newlyQualified: false,
    });
    expect(await people().findOneByOrFail({ emailKey: 'eilidh.campbell@example.test' })).toMatchObject({
      name: 'Campbell, Eilidh',
      organisationId: eastId,
      team: 'Children and families, Kilmarnock',
      jobTitle: 'Social worker',
      roles: ['learner'],
      newlyQualified: true,
      active: true,
    });
    expect(await people().findOneByOrFail({ emailKey: 'calum.shaw@example.test' })).toMatchObject({ team: null, jobTitle: null });

    // The same file again finds everyone, changes nobody and writes nothing.
    const imported = await snapshot();
    t.clock.advance(60_000);
    expect((await upload(csv).expect(200)).body).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(await snapshot()).toBe(imported);
  });

  it('reads a file whose lines end differently (CRLF, LF and CR mixed) line by line', async () => {
    const csv = [HEADER, 'Mairi Bell,mairi.bell@example.test,EAHSCP,,,no\r\n', 'Ross Kerr,ross.kerr@example.test,EAHSCP,,,no\n', 'Iona Fyfe,iona.fyfe@example.test,EAHSCP,,,no\r'].reduce(
      (text, line, index) => text + (index === 0 ? `${line}\n` : line),
      '',
    );
    const res = await upload(csv).expect(200);
    expect(res.body).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(await people().findOneByOrFail({ emailKey: 'iona.fyfe@example.test' })).toMatchObject({ name: 'Iona Fyfe' });
  });

  it('counts a line that changes nothing as unchanged, and writes only the people who change', async () => {
    const csv = (team: string) =>
      [HEADER, `Fiona Dunn,fiona.dunn@example.test,EAHSCP,${team},,no`, 'Gavin Dunn,gavin.dunn@example.test,EAHSCP,,Social worker,yes'].join('\n');
    expect((await upload(csv('Duty')).expect(200)).body).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const gavin = await people().findOneByOrFail({ emailKey: 'gavin.dunn@example.test' });

    t.clock.advance(60_000);
    expect((await upload(csv('Adults')).expect(200)).body).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const fiona = await people().findOneByOrFail({ emailKey: 'fiona.dunn@example.test' });
    expect(fiona).toMatchObject({ team: 'Adults', updatedAt: t.clock.now() });
    expect(await people().findOneByOrFail({ id: gavin.id })).toEqual(gavin);
  });

  it('a dry run says what each line would do, field by field, and writes nothing', async () => {
    await makePerson(t.dataSource, { organisationId: eastId, email: 'Dry.Existing@example.test', name: 'Before', team: 'Duty', jobTitle: 'Social worker' });
    await makePerson(t.dataSource, { organisationId: eastId, email: 'dry.same@example.test', name: 'Same', team: 'Duty' });
    const csv = [
      HEADER,
      'After,dry.existing@example.test,NAHSCP,Duty,,yes',
      '',
      'New One,dry.new@example.test,EAHSCP,,,no',
      'Same,dry.same@example.test,EAHSCP,Duty,,no',
    ].join('\n');
    const before = await snapshot();
    const res = await upload(csv, { dryRun: 'true' }).expect(200);
    expect(res.body).toEqual({
      created: 1,
      updated: 1,
      unchanged: 1,
      lines: [
        {
          line: 2,
          email: 'dry.existing@example.test',
          name: 'After',
          action: 'update',
          changes: [
            { field: 'name', from: 'Before', to: 'After' },
            { field: 'email', from: 'Dry.Existing@example.test', to: 'dry.existing@example.test' },
            { field: 'organisation', from: 'EAHSCP', to: 'NAHSCP' },
            { field: 'jobTitle', from: 'Social worker', to: null },
            { field: 'newlyQualified', from: false, to: true },
          ],
        },
        { line: 4, email: 'dry.new@example.test', name: 'New One', action: 'create' },
        { line: 5, email: 'dry.same@example.test', name: 'Same', action: 'unchanged' },
      ],
    });
    expect(await snapshot()).toBe(before);

    await upload(csv, { dryRun: 'maybe' }).expect(400);
    expect((await upload(csv, { dryRun: 'false' }).expect(200)).body).toEqual({ created: 1, updated: 1, unchanged: 1 });
    expect((await upload(csv, { dryRun: 'true' }).expect(200)).body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('pages through a dry run of a large file, optionally one outcome at a time', async () => {
    await makePerson(t.dataSource, { organisationId: eastId, email: 'page.7@example.test', name: 'Someone Else' });
    const rows = Array.from({ length: 1200 }, (_, i) => `Page ${i},page.${i}@example.test,EAHSCP,,,no`);
    const csv = [HEADER, ...rows].join('\n');
    const preview = (query: Record<string, string>) => upload(csv, { dryRun: 'true', ...query });

    const first = (await preview({}).expect(200)).body;
    expect(first).toMatchObject({ created: 1199, updated: 1, unchanged: 0 });
    expect(first.lines.map((l: { line: number }) => l.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));

    const last = (await preview({ offset: '1100', limit: '500' }).expect(200)).body;
    expect(last.lines.map((l: { line: number }) => l.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1102));

    const updates = (await preview({ action: 'update' }).expect(200)).body;
    expect(updates.lines).toEqual([
      { line: 9, email: 'page.7@example.test', name: 'Page 7', action: 'update', changes: [{ field: 'name', from: 'Someone Else', to: 'Page 7' }] },
    ]);
    expect((await preview({ action: 'unchanged' }).expect(200)).body.lines).toEqual([]);

    await preview({ limit: '501' }).expect(400);
    await preview({ action: 'delete' }).expect(400);
    expect(await people().countBy({ name: 'Page 8' })).toBe(0);
  });

  it('answers a dry run of a bad file as the import itself would', async () => {
    const csv = [HEADER, 'Good,dry.good@example.test,EAHSCP,,,no', 'Bad,dry.bad@,EAHSCP,,,no'].join('\n');
    const dry = await upload(csv, { dryRun: 'true' }).expect(422);
    const real = await upload(csv).expect(422);
    expect({ ...dry.body, correlationId: undefined }).toEqual({ ...real.body, correlationId: undefined });
    expect(dry.body.errors).toEqual([{ line: 3, field: 'email', message: expect.any(String) }]);
  });

  it('imports nothing when any row is bad, and names every problem with the line it is on', async () => {
    const csv = [
      HEADER,
      'Good Person,good.person@example.test,EAHSCP,,,no',
      '"Two-line',
      'name",two.lines@example.test,EAHSCP,,,no',
      'No Address,,EAHSCP,,,no',
      'Bad Address,not-an-address,EAHSCP,,,no',
      'Unknown Org,unknown.org@example.test,NOPE,,,no',
      'Duplicate,GOOD.PERSON@example.test,EAHSCP,,,no',
      ',no.name@example.test,EAHSCP,,,no',
      `Long Team,long.team@example.test,EAHSCP,${'t'.repeat(201)},,no`,
      'Bad Flag,bad.flag@example.test,EAHSCP,,,perhaps',
      'Short,row',
    ].join('\n');
    const before = await snapshot();

    const res = await upload(csv).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, type: expect.stringContaining('invalid-csv'), errorCount: 8 });
    expect(res.body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual([
      '5:email',
      '6:email',
      '7:organisation',
      '8:email',
      '9:name',
      '10:team',
      '11:newlyQualified',
      '12:row',
    ]);
    expect(res.body.errors[3].message).toMatch(/line 2/);
    expect(await snapshot()).toBe(before);
    expect(await people().countBy({ emailKey: 'good.person@example.test' })).toBe(0);
  });

  it('refuses a wrong header, an empty file and a file that is not CSV with 422', async () => {
    const before = await snapshot();
    const wrongHeader = await upload('name,email,organisation\nA,a@example.test,EAHSCP').expect(422);
    expect(wrongHeader.body.errors).toEqual([{ line: 1, field: 'header', message: expect.stringContaining(HEADER) }]);
    await upload('').expect(422);
    const unclosed = await upload(`${HEADER}\nA,a@example.test,EAHSCP,,,no\n"B,b@example.test,EAHSCP,,,no\n`).expect(422);
    expect(unclosed.body.errors).toEqual([expect.objectContaining({ line: 3, field: 'file' })]);
    expect(await snapshot()).toBe(before);
  });

  it('answers 415 for anything but text/csv, and 403 for non-admins', async () => {
    const csv = `${HEADER}\nA Person,a.person@example.test,EAHSCP,,,no`;
    const manager = await makeSignedIn(t.dataSource, eastId, ['manager']);
    const before = await snapshot();
    const asJson = await t.http.post('/api/people/import').set(admin.auth).send({ csv }).expect(415);
    expect(asJson.headers['content-type']).toMatch(/^application\/problem\+json/);
    await t.http.post('/api/people/import').set(admin.auth).set('Content-Type', 'text/plain').send(csv).expect(415);
    await t.http.post('/api/people/import').set(admin.auth).expect(415);
    await t.http.post('/api/people/import').set(manager.auth).set('Content-Type', 'text/csv').send(csv).expect(403);
    expect(await snapshot()).toBe(before);
  });

  it('imports thousands of rows in one go', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `Person ${i},bulk.${i}@example.test,${i % 2 ? 'EAHSCP' : 'NAHSCP'},Team ${i % 7},,no`);
    const res = await upload([HEADER, ...rows].join('\n')).expect(200);
    expect(res.body).toEqual({ created: 2500, updated: 0, unchanged: 0 });
    expect(await people().countBy({ organisationId: northId, team: 'Team 0' })).toBe(
      rows.filter((_, i) => i % 2 === 0 && i % 7 === 0).length,
    );
  });

  it('answers a file of thousands of bad rows with the first 100 bad lines and the count, importing nothing', async () => {
    const good = Array.from({ length: 50 }, (_, i) => `Good ${i},many.good.${i}@example.test,EAHSCP,,,no`);
    const bad = Array.from({ length: 5000 }, (_, i) => `,many.bad.${i}@example,NOPE,,,no`);
    const before = await snapshot();
    const res = await upload([HEADER, ...good, ...bad].join('\n')).expect(422);
    expect(res.body).toMatchObject({ type: expect.stringContaining('invalid-csv'), errorCount: 15000, detail: expect.stringContaining('5,000 lines') });
    const lines = [...new Set(res.body.errors.map((e: { line: number }) => e.line))];
    expect(lines).toEqual(Array.from({ length: 100 }, (_, i) => i + 52));
    expect(res.body.errors).toHaveLength(300);
    expect(res.text.length).toBeLessThan(64 * 1024);
    expect(await snapshot()).toBe(before);
  });

  it('writes a large file in one transaction: a row refused by the database at the end leaves nothing of the file', async () => {
    const poison = 'poison.row@example.test';
    const sqlite = t.dataSource.options.type !== 'postgres';
    await t.dataSource.query(
      sqlite
        ? `CREATE TRIGGER refuse_poison BEFORE INSERT ON person WHEN NEW."emailKey" = '${poison}' BEGIN SELECT RAISE(ABORT, 'refused'); END`
        : `CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW."emailKey" = '${poison}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`,
    );
    if (!sqlite) await t.dataSource.query('CREATE TRIGGER refuse_poison BEFORE INSERT ON person FOR EACH ROW EXECUTE FUNCTION refuse_poison()');
    try {
      const changed = await makePerson(t.dataSource, { organisationId: eastId, email: 'atomic.0@example.test', name: 'Atomic Before' });
      const rows = Array.from({ length: 3000 }, (_, i) => `Atomic ${i},atomic.${i}@example.test,EAHSCP,,,no`);
      const before = await snapshot();
      await upload([HEADER, ...rows, `Poison,${poison},EAHSCP,,,no`].join('\n')).expect(500);
      expect(await snapshot()).toBe(before);
      expect(await people().findOneByOrFail({ id: changed.id })).toMatchObject({ name: 'Atomic Before' });
    } finally {
      await t.dataSource.query(sqlite ? 'DROP TRIGGER refuse_poison' : 'DROP TRIGGER refuse_poison ON person');
      if (!sqlite) await t.dataSource.query('DROP FUNCTION refuse_poison()');
    }
  });

  it('keeps the name search up to date for the people it adds and renames, accents and case aside', async () => {
    const search = async (q: string) =>
      ((await t.http.get('/api/people').query({ q }).set(admin.auth).expect(200)).body.items as Array<{ email: string }>).map((p) => p.email);
    await upload([HEADER, 'Òran MacÌomhair,oran.search@example.test,EAHSCP,,,no'].join('\n')).expect(200);
    expect(await search('ORAN maciomhair')).toEqual(['oran.search@example.test']);
    await upload([HEADER, 'Seònaid Nic Leòid,oran.search@example.test,EAHSCP,,,no'].join('\n')).expect(200);
    expect(await search('seonaid nic leoid')).toEqual(['oran.search@example.test']);
    expect(await search('maciomhair')).toEqual([]);
  });
});
