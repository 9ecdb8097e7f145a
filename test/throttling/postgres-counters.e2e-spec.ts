import { loginThrottleMigrations, ManualClock } from '@authkit/core';
import { PostgresKnownSignInAddresses, PostgresThrottlerStorage } from '@authkit/core/internal';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The login limits' default storage, on a real PostgreSQL and a manual clock:
 * fixed windows, blocks, refunds, the sweep, and the known sign-in addresses'
 * 30 days; in the default schema and in a host's own.
 */
describe.each([undefined, 'host_auth'])('login counters in PostgreSQL (schema %s)', (schema) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
  let storage: PostgresThrottlerStorage;

  beforeAll(async () => {
    db = await createTestDatabase(`counters_${schema ?? 'public'}`);
    if (schema) {
      const setup = new DataSource({ type: 'postgres', url: db.url });
      await setup.initialize();
      await setup.query(`CREATE SCHEMA "${schema}"`);
      await setup.destroy();
    }
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url,
      schema,
      migrations: loginThrottleMigrations,
      migrationsRun: true,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    storage = new PostgresThrottlerStorage(dataSource, clock);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it("keeps its tables in the host's schema", async () => {
    const rows: Array<{ table_schema: string }> = await dataSource.query(
      `SELECT table_schema FROM information_schema.tables WHERE table_name IN ('authkit_login_counter', 'authkit_login_known_address')`,
    );
    expect(rows.map((row) => row.table_schema)).toEqual([schema ?? 'public', schema ?? 'public']);
  });

  it('counts hits in a fixed window, blocks past the limit for the block duration, then starts again', async () => {
    const hit = () => storage.increment('k1', 60_000, 3, 120_000, 'address');
    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    await hit();
    await hit();
    clock.advance(10_000);
    expect(await hit()).toEqual({
      totalHits: 4,
      timeToExpire: 50,
      isBlocked: true,
      timeToBlockExpire: 120,
    });
    clock.advance(60_000);
    // The window has passed, the block has not.
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: true, timeToBlockExpire: 60 });
    clock.advance(60_000);
    expect(await hit()).toMatchObject({ isBlocked: false, timeToBlockExpire: 0 });
  });

  it('keeps throttlers and keys apart', async () => {
    await storage.increment('k2', 60_000, 1, 60_000, 'address');
    expect(await storage.increment('k2', 60_000, 1, 60_000, 'account')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
    expect(await storage.increment('k3', 60_000, 1, 60_000, 'address')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('counts concurrent hits exactly (one statement each, no lost update)', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () => storage.increment('k4', 60_000, 25, 60_000, 'ceiling')),
    );
    expect(results.map((result) => result.totalHits).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, index) => index + 1),
    );
    expect(results.filter((result) => result.isBlocked)).toHaveLength(15);
  });

  it('takes a hit back within its window only, and never below zero', async () => {
    await storage.increment('k5', 60_000, 10, 60_000, 'ceiling');
    await storage.increment('k5', 60_000, 10, 60_000, 'ceiling');
    await storage.refund('k5', 'ceiling');
    await storage.refund('k5', 'ceiling');
    await storage.refund('k5', 'ceiling');
    expect(await storage.increment('k5', 60_000, 10, 60_000, 'ceiling')).toMatchObject({
      totalHits: 1,
    });
  });

  it('sweeps counters whose window and block have both passed', async () => {
    await storage.increment('k6', 1_000, 5, 1_000, 'address');
    await storage.increment('k7', 1_000, 0, 600_000, 'address');
    clock.advance(2_000);
    const before = Number(
      (
        await dataSource.query(
          `SELECT count(*) AS n FROM ${schema ? `"${schema}".` : ''}"authkit_login_counter"`,
        )
      )[0].n,
    );
    expect(await storage.sweep()).toBeGreaterThanOrEqual(1);
    const keys: Array<{ key: string }> = await dataSource.query(
      `SELECT "key" FROM ${schema ? `"${schema}".` : ''}"authkit_login_counter"`,
    );
    expect(keys.map((row) => row.key)).toContain('address:k7');
    expect(keys.map((row) => row.key)).not.toContain('address:k6');
    expect(keys.length).toBeLessThan(before);
  });

  it('knows a sign-in address for 30 days, per account, storing neither in clear', async () => {
    const known = new PostgresKnownSignInAddresses(dataSource, clock, 30);
    expect(await known.isKnown('user:alice', '203.0.113.9')).toBe(false);
    await known.remember('user:alice', '203.0.113.9');
    expect(await known.isKnown('user:alice', '203.0.113.9')).toBe(true);
    expect(await known.isKnown('user:bob', '203.0.113.9')).toBe(false);
    expect(await known.isKnown('user:alice', '203.0.113.10')).toBe(false);
    const stored = JSON.stringify(
      await dataSource.query(
        `SELECT * FROM ${schema ? `"${schema}".` : ''}"authkit_login_known_address"`,
      ),
    );
    expect(stored).not.toContain('alice');
    expect(stored).not.toContain('203.0.113');
    clock.advance(29 * 24 * 3600_000);
    expect(await known.isKnown('user:alice', '203.0.113.9')).toBe(true);
    clock.advance(2 * 24 * 3600_000);
    expect(await known.isKnown('user:alice', '203.0.113.9')).toBe(false);
  });
});
