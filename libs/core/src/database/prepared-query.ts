import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

interface PgPool {
  query(config: {
    name?: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Per pool: whether named statements still work there. A pooler in transaction mode turns them off. */
const namedStatementsWork = new WeakMap<object, boolean>();
const logger = new Logger('AuthkitSql');

/** PostgreSQL's "prepared statement does not exist" and "already exists": a server connection that is not the one the statement was prepared on. */
const STATEMENT_ON_ANOTHER_CONNECTION = new Set(['26000', '42P05']);

/**
 * Runs a hot-path query as a named prepared statement on the host's TypeORM
 * pool: PostgreSQL parses and plans it once per connection instead of once per
 * request, and no query builder or entity hydration runs per request.
 *
 * Behind a pooler in transaction mode (PgBouncer before 1.21), a statement
 * prepared on one server connection is missing on the next; the first such
 * refusal turns named statements off for the pool and the query is run again
 * unnamed, so a pooled deployment needs no setting. Any other driver than
 * `postgres` runs it through TypeORM's `query`. On `postgres` it does not
 * pass through TypeORM's query logger: the hot path logs nothing, as it
 * should with credentials' hashes among its values.
 */
export async function preparedQuery(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<Record<string, unknown>[]> {
  const pool = postgresPool(dataSource);
  if (!pool) return (await dataSource.query(text, values)) as Record<string, unknown>[];
  if (namedStatementsWork.get(pool) === false) return (await pool.query({ text, values })).rows;
  try {
    return (await pool.query({ name: statementName(text), text, values })).rows;
  } catch (error) {
    if (!STATEMENT_ON_ANOTHER_CONNECTION.has((error as { code?: string }).code ?? '')) throw error;
    namedStatementsWork.set(pool, false);
    logger.warn(
      'The database lost a prepared statement between queries (a pooler in transaction mode?): authkit runs its queries unnamed from now on.',
    );
    return (await pool.query({ text, values })).rows;
  }
}

const names = new Map<string, string>();

/** The same text always gets the same name, so a server connection never holds two statements under one name. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `authkit_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

function postgresPool(dataSource: DataSource): PgPool | null {
  if (dataSource.options.type !== 'postgres') return null;
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  return pool && typeof pool.query === 'function' ? pool : null;
}

/** An entity's table as SQL, schema-qualified when the host's data source names a schema. */
export function sqlTable(dataSource: DataSource, entity: Function): string {
  return dataSource
    .getMetadata(entity)
    .tablePath.split('.')
    .map((part) => dataSource.driver.escape(part))
    .join('.');
}

/**
 * A table authkit owns without an entity (its counters), as SQL: in the schema
 * the host's data source names, like every entity's table.
 */
export function sqlTableNamed(
  dataSource: Pick<DataSource, 'options' | 'driver'>,
  name: string,
): string {
  const schema = (dataSource.options as { schema?: string }).schema;
  return [schema, name]
    .filter((part): part is string => part !== undefined && part !== '')
    .map((part) => dataSource.driver.escape(part))
    .join('.');
}
