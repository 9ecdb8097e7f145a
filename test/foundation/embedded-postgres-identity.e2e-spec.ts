import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openDatabaseEndpoint } from '@authkit/database';

/**
 * The embedded server is joined only when the server answering on its saved
 * port is its own cluster: a local user who binds that port while the demo is
 * down (with a server that takes any password) must receive no write and serve
 * no user. Here the "other server" is this test run's own PostgreSQL, which
 * accepts the credentials written into a data directory it is not the cluster of.
 */
describe('the embedded server joins only its own cluster on its saved port', () => {
  const admin = new URL(process.env.AUTHKIT_TEST_ADMIN_URL!);
  let dataDir: string;
  let identifier: string;
  const database = `identity_probe_${process.pid}`;

  const query = async <T>(sql: string, values: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: admin.href });
    await client.connect();
    try {
      return (await client.query(sql, values)).rows as T[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    identifier = (
      await query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()')
    )[0].id;
  });
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'authkit-identity-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await query(`DROP DATABASE IF EXISTS "${database}"`);
  });

  /** This data directory's saved server: the port, user and password of the other server, and the identifier it claims to know. */
  const saveConfig = (systemIdentifier?: string) =>
    writeFile(
      join(dataDir, 'embedded-postgres.json'),
      JSON.stringify({
        port: Number(admin.port),
        user: decodeURIComponent(admin.username),
        password: decodeURIComponent(admin.password),
        database,
        systemIdentifier,
      }),
      { mode: 0o600 },
    );

  it('refuses a server whose system identifier is not the recorded one, with a message, and writes nothing to it', async () => {
    await saveConfig('7300000000000000001');
    await expect(openDatabaseEndpoint({ dataDir })).rejects.toThrow(
      /not the embedded server of .*refusing to join it/,
    );
    expect(await query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).toEqual([]);
  });

  it('refuses when it cannot verify at all (no recorded identifier, no cluster of its own to read one from)', async () => {
    await saveConfig(undefined);
    await expect(openDatabaseEndpoint({ dataDir })).rejects.toThrow(/refusing to join it/);
    expect(await query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).toEqual([]);
  });

  it('joins the server that shows the recorded identifier, and does not own it', async () => {
    await saveConfig(identifier);
    const endpoint = await openDatabaseEndpoint({ dataDir });
    expect(endpoint.ownsServer).toBe(false);
    expect(endpoint.url).toContain(`:${admin.port}/${database}`);
    expect(
      await query('SELECT 1 AS found FROM pg_database WHERE datname = $1', [database]),
    ).toEqual([{ found: 1 }]);
  });
});
