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
    return new DataSource(buildDataSourceOptions(db.url, demoPersistence, { migrationsRun: false, poolSize: 1 }));
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
    expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(['authkit_migrations', 'authkit_user']));
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
});
