import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Organisation } from '../../src/organisations/organisation.entity';
import { Transactions } from '../../src/database/transactions';
import { makeOrganisation, makeSignedIn, SignedInPerson } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const HEADER = 'name,email,organisation,team,jobTitle,newlyQualified';
const ROWS = 20_000;

describe(`people CSV import: a large file does not hold up the service (${testDialect()})`, () => {
  let t: TestApp;
  let port: number;
  let admin: SignedInPerson;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    const library = await makeOrganisation(t.dataSource, { code: 'LIBRARY' });
    admin = await makeSignedIn(t.dataSource, library.id, ['admin']);
  });
  afterAll(() => t.close());

  /** Uploads the file; `sent` resolves once the whole body has left, `answered` with the status and body. */
  function startImport(csv: string) {
    let markSent!: () => void;
    const sent = new Promise<void>((resolve) => (markSent = resolve));
    const answered = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/api/people/import', method: 'POST', headers: { ...admin.auth, 'Content-Type': 'text/csv' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as unknown }));
        },
      );
      req.on('error', reject);
      req.end(csv, markSent);
    });
    return { sent, answered };
  }

  it('answers health checks and reads all through the import, and no read sees part of it', async () => {
    const organisation = await makeOrganisation(t.dataSource, { code: 'LOADTEST' });
    const rows = Array.from({ length: ROWS }, (_, i) => `Load ${i},load.${i}@example.test,LOADTEST,Team ${i % 9},,no`);
    const listed = async () =>
      (await t.http.get('/api/people').query({ organisationId: organisation.id, limit: 1 }).set(admin.auth).expect(200)).body.total as number;

    const upload = startImport([HEADER, ...rows].join('\n'));
    let answered = false;
    const importing = upload.answered.finally(() => (answered = true));
    await upload.sent;

    const totalsSeenDuring: number[] = [];
    let healthAnsweredDuring = 0;
    while (!answered) {
      const [health, total] = await Promise.all([t.http.get('/api/health'), listed()]);
      expect(health.status).toBe(200);
      if (answered) break;
      healthAnsweredDuring++;
      totalsSeenDuring.push(total);
    }

    expect(await importing).toMatchObject({ status: 200, body: { created: ROWS } });
    // The service answered while it imported, and every read saw all of the file or none of it.
    expect(healthAnsweredDuring).toBeGreaterThanOrEqual(5);
    expect(totalsSeenDuring.filter((total) => total !== 0 && total !== ROWS)).toEqual([]);
    expect(totalsSeenDuring.filter((total) => total === 0).length).toBeGreaterThanOrEqual(5);
    expect(await listed()).toBe(ROWS);
  });

  it('a bulk unit of work lets reads through, shows them nothing of itself until it commits, and on SQLite holds back writes', async () => {
    const transactions = t.app.get(Transactions);
    const sqlite = transactions.dialect === 'sqlite';
    const parameter = (index: number) => (sqlite ? '?' : `$${index}`);
    const countCode = (code: string) => transactions.read((manager) => manager.countBy(Organisation, { code }));

    let written!: () => void;
    const bulkWrote = new Promise<void>((resolve) => (written = resolve));
    let finish!: () => void;
    const finishing = new Promise<void>((resolve) => (finish = resolve));
    const bulk = transactions.runBulk(async (query) => {
      await query(`INSERT INTO organisation (id, code, name, "createdAt") VALUES (${[1, 2, 3, 4].map(parameter).join(', ')})`, [
        '7d0c4a5e-1f0b-4c8e-9d43-7a1c2b3d4e5f',
        'BULK',
        'Written in bulk',
        sqlite ? '2026-01-01 00:00:00.000' : new Date('2026-01-01T00:00:00Z'),
      ]);
      written();
      await finishing;
    });
    await bulkWrote;

    // A read is answered meanwhile, and sees nothing uncommitted.
    expect(await countCode('BULK')).toBe(0);
    await t.http.get('/api/organisations').set(admin.auth).expect(200);

    let writeDone = false;
    const write = transactions.run((manager) => manager.insert(Organisation, { code: 'OTHER', name: 'Written meanwhile', createdAt: new Date() })).then(() => {
      writeDone = true;
    });
    if (sqlite) {
      // SQLite has one writer: the other write waits its turn (several reads have come and gone meanwhile).
      for (let i = 0; i < 5; i++) await countCode('OTHER');
      expect(writeDone).toBe(false);
    } else {
      await write;
    }

    finish();
    await bulk;
    await write;
    expect(await countCode('BULK')).toBe(1);
    expect(await countCode('OTHER')).toBe(1);
  });

  it('rolls a bulk unit of work back when it fails, on either database', async () => {
    const transactions = t.app.get(Transactions);
    const sqlite = transactions.dialect === 'sqlite';
    const failing = transactions.runBulk(async (query) => {
      await query(`INSERT INTO organisation (id, code, name, "createdAt") VALUES (${sqlite ? '?, ?, ?, ?' : '$1, $2, $3, $4'})`, [
        '0b5cde4a-9a8e-4f43-8a7b-2c1d3e4f5a6b',
        'ROLLEDBACK',
        'Never committed',
        sqlite ? '2026-01-01 00:00:00.000' : new Date('2026-01-01T00:00:00Z'),
      ]);
      throw new Error('changed my mind');
    });
    await expect(failing).rejects.toThrow('changed my mind');
    expect(await transactions.read((manager) => manager.countBy(Organisation, { code: 'ROLLEDBACK' }))).toBe(0);
    // And the next write is not held up by it.
    await transactions.run((manager) => manager.insert(Organisation, { code: 'AFTERWARDS', name: 'After the failure', createdAt: new Date() }));
  });
});
