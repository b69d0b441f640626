import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, testDialect } from '../support/test-database';

describe(`database schema (${testDialect()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    // On an empty database: the app's own start-up runs every migration (checked below).
    t = await createTestApp({ emptyDatabase: true });
  });
  afterAll(() => t.close());

  it('the committed migrations build exactly the schema the entities describe', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('ran every committed migration at start-up', async () => {
    expect(await t.dataSource.showMigrations()).toBe(false);
    const applied = await t.dataSource.query('SELECT name FROM migrations');
    expect(applied.length).toBe(t.dataSource.migrations.length);
    expect(applied.length).toBeGreaterThan(0);
  });

  it('refuses to overbook even when a statement bypasses the service (CHECK constraint)', async () => {
    await t.dataSource.query(
      `INSERT INTO course (id, title, "createdAt", "updatedAt") VALUES ('00000000-0000-4000-8000-000000000001', 'C', $1, $1)`
        .replace(/\$1/g, t.dataSource.options.type === 'postgres' ? 'now()' : "datetime('now')"),
    );
    const insertSession = (confirmed: number) =>
      t.dataSource.query(
        `INSERT INTO training_session (id, "courseId", "startsAt", "endsAt", capacity, "confirmedCount", "createdAt", "updatedAt")
         VALUES ('00000000-0000-4000-8000-00000000000${confirmed}', '00000000-0000-4000-8000-000000000001',
                 '2030-01-01T10:00:00Z', '2030-01-01T12:00:00Z', 2, ${confirmed}, '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z')`,
      );
    await expect(insertSession(2)).resolves.toBeDefined();
    await expect(insertSession(3)).rejects.toThrow(/CHECK|check constraint/i);
  });

  if (testDialect() === 'postgres') {
    it('two instances starting together on an empty database migrate it once', async () => {
      const database = await createTestDatabase();
      try {
        const instances = await Promise.all([createTestApp({ databaseUrl: database.url }), createTestApp({ databaseUrl: database.url })]);
        const applied = await instances[0].dataSource.query('SELECT name FROM migrations');
        expect(applied.length).toBe(instances[0].dataSource.migrations.length);
        await Promise.all(instances.map((instance) => instance.close()));
      } finally {
        await database.drop();
      }
    });
  }
});
