import type { DataSourceOptions } from 'typeorm';

export interface PersistenceParts {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

/**
 * The one place that says how the library talks to PostgreSQL: migrations
 * (never `synchronize`), each in its own transaction, and a pool that fails
 * fast when the server is away so requests get a 503 instead of hanging.
 */
export function buildDataSourceOptions(
  url: string,
  parts: PersistenceParts,
  overrides: {
    poolSize?: number;
    migrationsRun?: boolean;
    logging?: boolean;
    schema?: string;
  } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    ...(overrides.schema ? { schema: overrides.schema } : {}),
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsRun: overrides.migrationsRun ?? true,
    migrationsTransactionMode: 'each',
    migrationsTableName: 'authkit_migrations',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: overrides.logging ? ['query', 'error'] : false,
    extra: {
      max: overrides.poolSize ?? 10,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
      application_name: 'nest-authkit',
    },
  };
}
