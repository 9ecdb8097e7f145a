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
  if (!url)
    throw new Error(
      'AUTHKIT_TEST_ADMIN_URL is not set: run the e2e tests through jest (global setup)',
    );
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

/**
 * The schema the app keeps its tables in, when the run is the host-schema
 * project's (`DATABASE_SCHEMA`, which the demo and CLI read too); the default otherwise.
 */
export const hostSchema = (): string | undefined => process.env.DATABASE_SCHEMA || undefined;

/**
 * A new, empty database on the run's server, for one test file. Under a host
 * schema, the database has it, the suite's own SQL sees it first, and dropping
 * the database fails if anything of authkit's landed outside it.
 */
export async function createTestDatabase(label = 'e2e'): Promise<TestDatabase> {
  const name = `authkit_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  const maintenanceUrl = withDatabase(adminUrl(), 'postgres');
  await withClient(maintenanceUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(adminUrl(), name);
  const schema = hostSchema();
  if (schema) await withClient(url, (client) => client.query(`CREATE SCHEMA "${schema}"`));
  const query = <T>(sql: string, params?: unknown[]) =>
    withClient(url, async (client) => {
      if (schema) await client.query(`SET search_path TO "${schema}", public`);
      return (await client.query(sql, params)).rows as T[];
    });
  return {
    url,
    name,
    query,
    admin: (sql: string, params?: unknown[]) =>
      withClient(maintenanceUrl, async (client) => void (await client.query(sql, params))),
    drop: async () => {
      const strays = schema
        ? await withClient(
            url,
            async (client) =>
              (
                await client.query(
                  `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
                )
              ).rows,
          )
        : [];
      await withClient(maintenanceUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
      if (strays.length > 0)
        throw new Error(
          `tables outside the host schema "${schema}": ${strays.map((row) => row.table_name).join(', ')}`,
        );
    },
  };
}
