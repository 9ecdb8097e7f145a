import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabaseEndpoint } from '@authkit/database';

/**
 * One PostgreSQL server for the whole run: `DATABASE_URL` when set, otherwise
 * an embedded server in a fresh temporary directory. Each test file then makes
 * its own database on it (see test-database.ts), so files never interfere.
 */
export default async function globalSetup(): Promise<void> {
  // Once per run: the Express and Fastify projects share the server.
  if (process.env.AUTHKIT_TEST_ADMIN_URL) return;
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'authkit-test-'));
  const endpoint = await openDatabaseEndpoint({ databaseUrl, dataDir });
  process.env.AUTHKIT_TEST_ADMIN_URL = endpoint.url;
  process.env.AUTHKIT_TEST_EMBEDDED = databaseUrl ? '' : '1';
  (globalThis as { __authkitEndpoint?: unknown }).__authkitEndpoint = endpoint;
  process.stderr.write(
    `\n[e2e] PostgreSQL: ${databaseUrl ? 'DATABASE_URL' : `embedded server in ${dataDir}`}\n`,
  );
}
