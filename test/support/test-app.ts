import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Clock, ManualClock } from '../../src/common/clock';
import { Environment, validateEnvironment } from '../../src/config/environment';
import { APP_OPTIONS, configureApp } from '../../src/configure-app';
import { createMigratedTestDatabase } from './migrated-database';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  dataSource: DataSource;
  clock: ManualClock;
  environment: Environment;
  databaseUrl: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment variables, as the service would read them. */
  env?: Record<string, string>;
  /** Start the clock here (default: the real now). */
  now?: Date | string;
  /** Reuse an existing database (a second app instance); default: a fresh one. */
  databaseUrl?: string;
  /**
   * Start on an empty database, so that the app's start-up runs every migration. By default the
   * fresh database is a clone of one already migrated (see migrated-database.ts), and the app's
   * start-up finds no migration pending.
   */
  emptyDatabase?: boolean;
}

/** Boots the real application (same configureApp as main.ts) on a fresh database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database: TestDatabase | undefined = options.databaseUrl
    ? undefined
    : options.emptyDatabase
      ? await createTestDatabase()
      : await createMigratedTestDatabase();
  const databaseUrl = options.databaseUrl ?? database!.url;
  const mailDir = mkdtempSync(join(tmpdir(), 'tt-mail-'));
  const environment = validateEnvironment({
    DATABASE_URL: databaseUrl,
    MAIL_DIR: mailDir,
    PUBLIC_URL: 'http://localhost:3999',
    MAIL_POLL_INTERVAL_MS: '50',
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const clock = new ManualClock(options.now ? new Date(options.now) : new Date());
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Environment)
    .useValue(environment)
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication(APP_OPTIONS);
  app.useLogger(['error']);
  configureApp(app);
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    dataSource: app.get(DataSource),
    clock,
    environment,
    databaseUrl,
    close: async () => {
      await app.close();
      await database?.drop();
      rmSync(mailDir, { recursive: true, force: true });
    },
  };
}
