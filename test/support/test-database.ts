import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  name: string;
  /** Runs SQL on the test database through a fresh connection. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs SQL as the server's admin (on the maintenance database). */
  admin(sql: string, params?: unknown[]): Promise<void>;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.AUTHKIT_TEST_ADMIN_URL;
  if (!url) throw new Error('AUTHKIT_TEST_ADMIN_URL is not set: run the e2e tests through jest (global setup)');
  return url;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new, empty database on the run's server, for one test file. */
export async function createTestDatabase(label = 'e2e'): Promise<TestDatabase> {
  const name = `authkit_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  const maintenanceUrl = withDatabase(adminUrl(), 'postgres');
  await withClient(maintenanceUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(adminUrl(), name);
  return {
    url,
    name,
    query: <T>(sql: string, params?: unknown[]) =>
      withClient(url, async (client) => (await client.query(sql, params)).rows as T[]),
    admin: (sql: string, params?: unknown[]) => withClient(maintenanceUrl, async (client) => void (await client.query(sql, params))),
    drop: () =>
      withClient(maintenanceUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}
