import { Person } from '../../src/people/person.entity';
import { makeOrganisation, makePerson, makeSignedIn, SignedInPerson } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const HEADER = 'name,email,organisation,team,jobTitle,newlyQualified';

/** Text as Excel's "CSV (Comma delimited)" writes it on Windows: Windows-1252, which is Latin-1 with ’ and the like at 0x80–0x9F. */
const windows1252 = (text: string) => Buffer.from(text.replace(/’/g, '\x92'), 'latin1');

describe(`people CSV import: encodings and NUL characters (${testDialect()})`, () => {
  let t: TestApp;
  let admin: SignedInPerson;
  let eastId: string;

  beforeAll(async () => {
    t = await createTestApp();
    eastId = (await makeOrganisation(t.dataSource, { code: 'EAHSCP' })).id;
    admin = await makeSignedIn(t.dataSource, eastId, ['admin']);
  });
  afterAll(() => t.close());

  const people = () => t.dataSource.getRepository(Person);
  const upload = (body: Buffer | string, contentType = 'text/csv') =>
    t.http.post('/api/people/import').set(admin.auth).set('Content-Type', contentType).send(body);
  const snapshot = async () => JSON.stringify(await people().find({ order: { id: 'ASC' } }));

  it('refuses a Windows-1252 file sent as UTF-8, saying so and how to save it, and changes nobody', async () => {
    const renee = await makePerson(t.dataSource, { organisationId: eastId, email: 'renee.brown@example.test', name: 'Renée Brown' });
    const file = windows1252([HEADER, 'Renée Brown,renee.brown@example.test,EAHSCP,Duty,,no', 'Seán Ó Briain,sean@example.test,EAHSCP,,,no', ''].join('\r\n'));
    const before = await snapshot();

    for (const contentType of ['text/csv', 'text/csv; charset=utf-8', 'text/csv;charset="UTF-8"']) {
      const res = await upload(file, contentType).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: expect.stringContaining('csv-not-utf-8'), detail: expect.stringMatching(/not UTF-8.*line 2/) });
      expect(res.body.detail).toContain('Save As → CSV UTF-8');
      expect(res.body.errors).toEqual([{ line: 2, field: 'file', message: res.body.detail }]);
    }
    const dryRun = await t.http.post('/api/people/import?dryRun=true').set(admin.auth).set('Content-Type', 'text/csv').send(file).expect(422);
    expect(dryRun.body.type).toContain('csv-not-utf-8');
    expect(await snapshot()).toBe(before);
    expect((await people().findOneByOrFail({ id: renee.id })).name).toBe('Renée Brown');
  });

  it('reads a Windows-1252 file correctly when the request declares it', async () => {
    await makePerson(t.dataSource, { organisationId: eastId, email: 'aine.obrien@example.test', name: 'Aine O Brien' });
    const file = windows1252([HEADER, 'Áine O’Brien,aine.obrien@example.test,EAHSCP,,,no', 'Òran MacÌomhair,oran@example.test,EAHSCP,Équipe,,no', ''].join('\r\n'));
    expect((await upload(file, 'text/csv; charset=windows-1252').expect(200)).body).toEqual({ created: 1, updated: 1, unchanged: 0 });
    expect((await people().findOneByOrFail({ emailKey: 'aine.obrien@example.test' })).name).toBe('Áine O’Brien');
    expect(await people().findOneByOrFail({ emailKey: 'oran@example.test' })).toMatchObject({ name: 'Òran MacÌomhair', team: 'Équipe' });
    // Browsers' labels for the same encoding; the same file again changes nothing.
    expect((await upload(file, 'text/csv; charset=latin1').expect(200)).body).toEqual({ created: 0, updated: 0, unchanged: 2 });
  });

  it('reads UTF-8 with a byte-order mark, and refuses charsets it does not read with 415', async () => {
    const utf8 = `\uFEFF${HEADER}\r\nEilidh Ní Bhriain,eilidh.nibhriain@example.test,EAHSCP,,,no\r\n`;
    expect((await upload(Buffer.from(utf8, 'utf8')).expect(200)).body).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect((await people().findOneByOrFail({ emailKey: 'eilidh.nibhriain@example.test' })).name).toBe('Eilidh Ní Bhriain');

    const before = await snapshot();
    for (const contentType of ['text/csv; charset=utf-16le', 'text/csv; charset=shift_jis', 'text/csv; charset=nonsense']) {
      const res = await upload(Buffer.from(utf8, 'utf8'), contentType).expect(415);
      expect(res.body.detail).toMatch(/UTF-8/);
    }
    await upload(Buffer.from(utf8, 'utf8'), 'text/csv').set('Content-Encoding', 'gzip').expect(415);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a NUL character in a cell, naming the line and the column, and stores nothing', async () => {
    const before = await snapshot();
    const csv = [HEADER, 'Nul Free,nul.free@example.test,EAHSCP,,,no', 'Nul\u0000Name,nul.name@example.test,EAHSCP,Duty\u0000,,no', ''].join('\n');
    const res = await upload(csv).expect(422);
    expect(res.body).toMatchObject({ type: expect.stringContaining('invalid-csv'), errorCount: 2 });
    expect(res.body.errors).toEqual([
      { line: 3, field: 'name', message: expect.stringContaining('NUL') },
      { line: 3, field: 'team', message: expect.stringContaining('NUL') },
    ]);
    await t.http.post('/api/people/import?dryRun=true').set(admin.auth).set('Content-Type', 'text/csv').send(csv).expect(422);
    expect(await snapshot()).toBe(before);
  });

  it('says a file saved as UTF-16 ("Unicode text") is not UTF-8 or not the expected header', async () => {
    const text = `${HEADER}\r\nA B,a.b@example.test,EAHSCP,,,no\r\n`;
    const withBom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect((await upload(withBom).expect(422)).body).toMatchObject({ type: expect.stringContaining('csv-not-utf-8'), errors: [{ line: 1, field: 'file' }] });
    const withoutBom = await upload(Buffer.from(text, 'utf16le')).expect(422);
    expect(withoutBom.body.errors).toEqual([{ line: 1, field: 'header', message: expect.stringMatching(/UTF-16/) }]);
  });
});
