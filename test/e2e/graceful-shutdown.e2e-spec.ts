import { once } from 'node:events';
import { startAppProcess } from '../support/app-process';
import { errorLines, logLines } from '../support/log-output';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('graceful shutdown', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('on SIGTERM answers every request already in flight, then exits', async () => {
    // At 'log', so every answered request has its line: the log is read below.
    const app = await startAppProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'log' });
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
    // Each answer's request line reached the output (the last lines are flushed on the signal),
    // everything written is a log line, and none is an error.
    for (const stream of [app.child.stdout!, app.child.stderr!]) if (!stream.readableEnded) await once(stream, 'end');
    const output = app.output();
    const logged = logLines(output);
    expect(output.split('\n').filter(Boolean)).toHaveLength(logged.length);
    const answered = logged.filter((line) => line.msg === 'request completed' && line.res?.statusCode === 200);
    expect(answered.length).toBeGreaterThanOrEqual(accepted.length);
    expect(errorLines(logged)).toEqual([]);
  }, 180_000);
});
