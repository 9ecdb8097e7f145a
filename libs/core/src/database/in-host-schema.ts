import type { MigrationInterface, QueryRunner } from 'typeorm';

type MigrationClass = new () => MigrationInterface;

/**
 * Runs `work` with the host's schema (its DataSource's `schema` option) first
 * on the connection's search path, then puts the path back. A migration's
 * plain table names then land where the host's entities look for them.
 */
async function withHostSchema(queryRunner: QueryRunner, work: () => Promise<void>): Promise<void> {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (!schema) return work();
  const [{ search_path: saved }] = (await queryRunner.query('SHOW search_path')) as Array<{
    search_path: string;
  }>;
  await queryRunner.query(`SELECT set_config('search_path', $1, false)`, [
    `${queryRunner.connection.driver.escape(schema)}, ${saved}`,
  ]);
  try {
    await work();
  } finally {
    // On a failed transaction this fails too, and the rollback restores the path anyway.
    await queryRunner
      .query(`SELECT set_config('search_path', $1, false)`, [saved])
      .catch(() => undefined);
  }
}

/**
 * A package's migrations, each made to run in the host's schema: what every
 * `*Migrations` array exports. The class names stay (TypeORM records them).
 */
export function inHostSchema(migrations: MigrationClass[]): MigrationClass[] {
  return migrations.map((Migration) => {
    const wrapped = class extends Migration {
      override async up(queryRunner: QueryRunner): Promise<void> {
        await withHostSchema(queryRunner, () => super.up(queryRunner));
      }

      override async down(queryRunner: QueryRunner): Promise<void> {
        await withHostSchema(queryRunner, () => super.down(queryRunner));
      }
    };
    Object.defineProperty(wrapped, 'name', { value: Migration.name });
    return wrapped;
  });
}
