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
    expect(res.body).toEqual({ created: 2, updated: 1 });

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

    // The same file again finds everyone.
    expect((await upload(csv).expect(200)).body).toEqual({ created: 0, updated: 3 });
  });

  it('a dry run counts what would change and writes nothing', async () => {
    await makePerson(t.dataSource, { organisationId: eastId, email: 'dry.existing@example.test', name: 'Before' });
    const csv = [HEADER, 'After,dry.existing@example.test,EAHSCP,,,no', 'New One,dry.new@example.test,EAHSCP,,,no'].join('\n');
    const before = await snapshot();
    expect((await upload(csv, { dryRun: 'true' }).expect(200)).body).toEqual({ created: 1, updated: 1 });
    expect(await snapshot()).toBe(before);
    await upload(csv, { dryRun: 'maybe' }).expect(400);
    expect((await upload(csv, { dryRun: 'false' }).expect(200)).body).toEqual({ created: 1, updated: 1 });
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
    expect(res.body).toMatchObject({ status: 422, type: expect.stringContaining('invalid-csv') });
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
    expect(res.body).toEqual({ created: 2500, updated: 0 });
    expect(await people().countBy({ organisationId: northId, team: 'Team 0' })).toBe(
      rows.filter((_, i) => i % 2 === 0 && i % 7 === 0).length,
    );
  });
});
