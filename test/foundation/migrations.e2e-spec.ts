import { buildDataSourceOptions } from '@authkit/database';
import { DataSource } from 'typeorm';
import { demoPersistence } from '../../apps/demo/src/persistence';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const migrationCount = (demoPersistence.migrations as unknown[]).length;

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('migrations');
  });
  afterAll(() => db.drop());

  function dataSource(): DataSource {
    return new DataSource(
      buildDataSourceOptions(db.url, demoPersistence, { migrationsRun: false, poolSize: 1 }),
    );
  }

  it('apply on an empty database, then find nothing left to do', async () => {
    const first = dataSource();
    await first.initialize();
    const applied = await first.runMigrations();
    expect(applied.length).toBe(migrationCount);
    await first.destroy();

    const second = dataSource();
    await second.initialize();
    expect(await second.showMigrations()).toBe(false);
    expect(await second.runMigrations()).toEqual([]);
    await second.destroy();

    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['authkit_migrations', 'authkit_user']),
    );
  });

  it('match the entities exactly (no schema drift that synchronize would fix)', async () => {
    const source = dataSource();
    await source.initialize();
    const pending = await source.driver.createSchemaBuilder().log();
    await source.destroy();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('can be reverted and re-applied', async () => {
    const source = dataSource();
    await source.initialize();
    for (let i = 0; i < migrationCount; i++) await source.undoLastMigration();
    expect(await source.showMigrations()).toBe(true);
    await source.runMigrations();
    expect(await source.showMigrations()).toBe(false);
    await source.destroy();
  });

  it('convert a database made when scheme tables referenced authkit_user: user_id becomes text, rows kept, no foreign key left', async () => {
    const source = dataSource();
    await source.initialize();
    // The five conversions (1765...) and what came after them: undone, the tables are as before (integer user_id, foreign keys).
    const since = (demoPersistence.migrations as Function[]).filter(
      (migration) => Number(/\d{13}$/.exec(migration.name)?.[0]) >= 1765000000000,
    ).length;
    for (let i = 0; i < since; i++) await source.undoLastMigration();
    const [user] = await source.query(
      `INSERT INTO authkit_user (username, password_hash) VALUES ('legacy', 'x') RETURNING id`,
    );
    await source.query(
      `INSERT INTO password_login_token (token_hash, user_id, expires_at) VALUES (repeat('a', 64), $1, now() + interval '1 hour')`,
      [user.id],
    );
    await source.runMigrations();
    await source.destroy();

    const columns = await db.query<{ table_name: string; data_type: string }>(
      `SELECT table_name, data_type FROM information_schema.columns WHERE column_name = 'user_id' AND table_schema = 'public' ORDER BY 1`,
    );
    expect(columns).toEqual(
      [
        'partner_session',
        'password_login_token',
        'saas_team',
        'session_jwt_session',
        'token_realm_family',
      ].map((table_name) => ({ table_name, data_type: 'text' })),
    );
    expect(await db.query(`SELECT user_id FROM password_login_token`)).toEqual([
      { user_id: String(user.id) },
    ]);
    const foreignKeys = await db.query(
      `SELECT conname FROM pg_constraint WHERE contype = 'f' AND confrelid = 'authkit_user'::regclass`,
    );
    expect(foreignKeys).toEqual([]);
  });
});
