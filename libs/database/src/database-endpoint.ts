import { DatabaseEndpoint, openEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseLocation {
  /** A PostgreSQL connection URL; when absent, the embedded server is used. */
  databaseUrl?: string;
  /** Where the embedded server keeps its data. */
  dataDir?: string;
}

/** Reads `DATABASE_URL` and `DATA_DIR` (default `.data`) from the environment. */
export function databaseLocationFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseLocation {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR || '.data' };
}

export async function openDatabaseEndpoint(
  location: DatabaseLocation,
  log?: (message: string) => void,
): Promise<DatabaseEndpoint> {
  if (location.databaseUrl) {
    return { url: location.databaseUrl, ownsServer: false, release: async () => undefined };
  }
  return openEmbeddedPostgres(location.dataDir ?? '.data', log);
}

export type { DatabaseEndpoint };
