import { EmbeddedPostgresServer } from '../support/embedded-postgres';
import { eventually } from '../support/eventually';
import { PostgresFaultProxy } from '../support/postgres-fault-proxy';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Fault test: connections that PostgreSQL ends at awkward moments, produced on purpose through a
 * proxy. It runs on a private embedded server, whatever TEST_DATABASE says.
 */
describe('PostgreSQL connections ended by the server (private embedded server, through a fault proxy)', () => {
  let server: EmbeddedPostgresServer;
  let proxy: PostgresFaultProxy;
  let t: TestApp;

  beforeAll(async () => {
    server = await EmbeddedPostgresServer.start();
    proxy = await PostgresFaultProxy.start({ host: '127.0.0.1', port: server.port });
    t = await createTestApp({
      databaseUrl: await server.createDatabase('tt_test_connection_loss', proxy.port),
      // Background rounds only at start-up, so the faulty connection goes to the test's request.
      env: { MAIL_POLL_INTERVAL_MS: '600000', REMINDER_SCAN_INTERVAL_MS: '3600000' },
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
    await server?.destroy();
  });

  const pool = () => (t.dataSource.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;

  it('a connection ended in the same packet that says it is ready: that request answers 503, the app lives on and the next one is served', async () => {
    await t.http.get('/api/health').expect(200);
    await eventually(() => expect(pool().totalCount - pool().idleCount).toBe(0), 5_000);
    proxy.dropAll();
    await eventually(() => expect(pool().totalCount).toBe(0), 5_000);

    // pg-pool takes its own error listener off a connection as it hands it out, and TypeORM adds
    // its listener a promise later: a FATAL read in between has nobody listening but the connection class.
    proxy.shutDownAfterStartup(1);
    const during = await t.http.get('/api/health');
    expect({ status: during.status, body: during.body }).toEqual({ status: 503, body: expect.objectContaining({ database: 'down', status: 503 }) });

    expect((await t.http.get('/api/health').expect(200)).body).toEqual({ status: 'ok', database: 'up' });
  }, 60_000);
});
