import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from './api-client';
import { AppProcess, freePort, startAppProcess } from './app-process';
import { linkIn, Mailbox } from './mailbox';
import { SmtpSink } from './smtp-sink';
import { createMigratedTestDatabase } from './migrated-database';
import { TestDatabase, TestDialect, testDialect } from './test-database';

export const ADMIN_EMAIL = 'training.admin@example.test';

/** The app as production runs it, with its database and a real mail server, for browser tests. */
export interface RunningService {
  /** http://127.0.0.1:<port>; also the app's PUBLIC_URL, so e-mailed links lead here. */
  baseUrl: string;
  dialect: TestDialect;
  /** The e-mail the app sent over SMTP. */
  mail: Mailbox;
  /** The SMTP server itself: stop() and restart() it (on the same port) for a mail outage. */
  smtp: SmtpSink;
  adminEmail: string;
  /** The JSON API without credentials. */
  api: ApiClient;
  /** The JSON API signed in as the bootstrap admin (signs in on first use). */
  admin(): Promise<ApiClient>;
  /** Signs `email` in through the API, reading the magic link from the e-mail it sent. */
  signInByApi(email: string): Promise<ApiClient>;
  /** What the app process has written to stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts src/main.ts as a process on a fresh, migrated database (a SQLite file in a temp folder,
 * or a new PostgreSQL database with TEST_DATABASE=postgres; see migrated-database.ts) on a free
 * port, with SMTP_URL pointing at a sink on loopback and ADMIN_EMAIL naming the bootstrap admin.
 */
export async function startService(options: { env?: Record<string, string> } = {}): Promise<RunningService> {
  const dialect = testDialect();
  const database: TestDatabase = await createMigratedTestDatabase(dialect);
  const smtp = await SmtpSink.start();
  const mailDir = mkdtempSync(join(tmpdir(), 'tt-browser-mail-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let app: AppProcess;
  try {
    app = await startAppProcess({
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      MAIL_DIR: mailDir,
      ADMIN_EMAIL,
      MAIL_POLL_INTERVAL_MS: '100',
      LOG_LEVEL: 'log',
      ...options.env,
    });
  } catch (error) {
    await smtp.stop();
    await database.drop();
    rmSync(mailDir, { recursive: true, force: true });
    throw error;
  }
  // A test run that dies half-way must not leave the app listening.
  const killOnExit = () => app.child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const mail = new Mailbox(smtp);
  const api = new ApiClient(baseUrl);
  const signInByApi = async (email: string): Promise<ApiClient> => {
    await api.post('/api/auth/magic-link', { email }, 202);
    const message = await mail.waitFor(email, 'sign-in link');
    const token = new URL(linkIn(message, baseUrl, '/auth/callback')).searchParams.get('token');
    const session = await api.post<{ accessToken: string }>('/api/auth/token', { token }, 200);
    return api.withToken(session.accessToken);
  };
  let admin: Promise<ApiClient> | undefined;

  return {
    baseUrl,
    dialect,
    mail,
    smtp,
    adminEmail: ADMIN_EMAIL,
    api,
    admin: () => (admin ??= signInByApi(ADMIN_EMAIL)),
    signInByApi,
    output: () => app.output(),
    stop: async () => {
      process.removeListener('exit', killOnExit);
      app.child.kill('SIGTERM');
      const forceKill = setTimeout(() => app.child.kill('SIGKILL'), 10_000);
      await app.exited;
      clearTimeout(forceKill);
      await smtp.stop();
      await database.drop();
      rmSync(mailDir, { recursive: true, force: true });
    },
  };
}
