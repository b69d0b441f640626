import { request as httpRequest, OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Person } from '../../src/people/person.entity';
import { makeOrganisation, makeSignedIn, SignedInPerson } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const HEADER = 'name,email,organisation,team,jobTitle,newlyQualified';
const TEN_MB = 10 * 1024 * 1024;

interface Answer {
  status: number;
  body: { type?: string; detail?: string; created?: number };
}

describe(`people CSV import: reading the body (${testDialect()})`, () => {
  let t: TestApp;
  let port: number;
  let admin: SignedInPerson;
  let learner: SignedInPerson;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    const eastId = (await makeOrganisation(t.dataSource, { code: 'EAHSCP' })).id;
    admin = await makeSignedIn(t.dataSource, eastId, ['admin']);
    learner = await makeSignedIn(t.dataSource, eastId, ['learner', 'trainer', 'manager']);
  });
  afterAll(() => t.close());

  const people = () => t.dataSource.getRepository(Person);

  function collect(resolve: (answer: Answer) => void) {
    return (res: import('node:http').IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? (JSON.parse(text) as Answer['body']) : {} }));
    };
  }

  /**
   * Sends the headers and a first kilobyte of a body it never finishes. The answer can only come
   * if the service did not wait to read the body; otherwise the test fails after 10 s.
   */
  function answerWithoutBody(path: string, headers: OutgoingHttpHeaders): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers });
      const timer = setTimeout(() => {
        req.destroy();
        reject(new Error(`${path}: no answer while the rest of the body was unsent, so the service waited to read it`));
      }, 10_000);
      req.on(
        'response',
        collect((answer) => {
          clearTimeout(timer);
          req.destroy();
          resolve(answer);
        }),
      );
      req.on('error', () => undefined);
      req.write(`${HEADER}\n${'x'.repeat(1024)}`);
    });
  }

  /** Uploads valid rows, chunked (no Content-Length) as a streaming client would, until at least `total` bytes are sent. */
  function chunkedUpload(total: number, auth: Record<string, string>): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/people/import', method: 'POST', headers: { 'Content-Type': 'text/csv', ...auth } });
      req.on('response', collect(resolve));
      req.on('error', reject);
      req.write(`${HEADER}\n`);
      let sent = HEADER.length + 1;
      let row = 0;
      const writeMore = () => {
        while (sent < total) {
          const rows = Array.from({ length: 500 }, () => `Chunked ${row},chunked.${row++}@example.test,EAHSCP,Team,,no\n`).join('');
          sent += rows.length;
          if (!req.write(rows)) return void req.once('drain', writeMore);
        }
        req.end();
      };
      writeMore();
    });
  }

  it('answers a caller who is not signed in without reading their body, whatever its type', async () => {
    const csv = await answerWithoutBody('/api/people/import', { 'Content-Type': 'text/csv', 'Content-Length': TEN_MB });
    expect(csv.status).toBe(401);
    for (const [path, type] of [
      ['/api/people/import', 'text/plain'],
      ['/api/organisations', 'text/plain'],
      ['/api/organisations', 'text/csv'],
      ['/api/bookings', 'text/csv; charset=utf-8'],
    ]) {
      const answer = await answerWithoutBody(path, { 'Content-Type': type, 'Content-Length': TEN_MB });
      expect([401, 415]).toContain(answer.status);
    }
  });

  it('answers a signed-in non-admin without reading the body', async () => {
    const answer = await answerWithoutBody('/api/people/import', { 'Content-Type': 'text/csv', 'Content-Length': TEN_MB, ...learner.auth });
    expect(answer.status).toBe(403);
  });

  it('refuses an admin\'s file over 10 MB by its declared length, before reading it', async () => {
    const answer = await answerWithoutBody('/api/people/import', { 'Content-Type': 'text/csv', 'Content-Length': TEN_MB + 1, ...admin.auth });
    expect(answer).toMatchObject({ status: 413, body: { type: expect.stringContaining('payload-too-large'), detail: expect.stringContaining('10 MB') } });
  });

  it('refuses a streamed file once it passes 10 MB, importing none of it', async () => {
    const answer = await chunkedUpload(TEN_MB + 1000, admin.auth);
    expect(answer).toMatchObject({ status: 413, body: { type: expect.stringContaining('payload-too-large') } });
    expect(await people().countBy({ team: 'Team' })).toBe(0);
    // The connection was left usable and the service still imports.
    await t.http.get('/api/health').expect(200);
  });

  it('reads a streamed file within the limit', async () => {
    const answer = await chunkedUpload(300_000, admin.auth);
    expect(answer.status).toBe(200);
    expect(answer.body.created).toBeGreaterThan(4000);
    expect(await people().countBy({ team: 'Team' })).toBe(answer.body.created);
  });
});
