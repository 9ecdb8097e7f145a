import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabaseEndpoint } from '@authkit/database';
import { withClient, withDatabase } from '../test/support/test-database';

export interface BenchDatabase {
  /** A fresh database for this run. */
  url: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  serverVersion(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The server of `DATABASE_URL`, or an embedded one in a temporary directory;
 * either way a new database that is dropped afterwards, so a run never touches
 * existing data and always starts from the same state.
 */
export async function openBenchDatabase(databaseUrl: string | undefined): Promise<BenchDatabase> {
  const dataDir = databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'authkit-bench-'));
  const endpoint = await openDatabaseEndpoint({ databaseUrl, dataDir });
  const name = `authkit_bench_${randomBytes(4).toString('hex')}`;
  const maintenanceUrl = withDatabase(endpoint.url, 'postgres');
  await withClient(maintenanceUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(endpoint.url, name);
  return {
    url,
    query: <T>(sql: string, params?: unknown[]) =>
      withClient(url, async (client) => (await client.query(sql, params)).rows as T[]),
    serverVersion: () =>
      withClient(url, async (client) =>
        String((await client.query('SHOW server_version')).rows[0].server_version),
      ),
    close: async () => {
      await withClient(maintenanceUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
      await endpoint.release();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
