import { startAppProcess } from '../support/app-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('graceful shutdown', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('on SIGTERM answers every request already in flight, then exits', async () => {
    const app = await startAppProcess({ DATABASE_URL: database.url });
    // Heavy OpenAPI reads keep the server busy while health checks, which query the database,
    // queue behind them: the database must still be there when their turn comes.
    const paths = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? '/api/docs-json' : '/api/health'));
    const inFlight = paths.map((path) =>
      fetch(`${app.baseUrl}${path}`).then(
        async (res) => ({ status: res.status, size: (await res.text()).length }),
        (error: Error) => ({ status: 0, error: error.message }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    app.child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    // Nest closes the HTTP server (waiting for in-flight requests) before the shutdown hooks that
    // close the database, then re-raises the signal.
    expect(await app.exited).toBe('SIGTERM');
    // Requests the server had accepted are answered in full; none is cut off half-way.
    const accepted = answers.filter((a) => a.status !== 0);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.every((a) => a.status === 200)).toBe(true);
    expect(app.output()).not.toMatch(/\bERROR\b/);
  });
});
