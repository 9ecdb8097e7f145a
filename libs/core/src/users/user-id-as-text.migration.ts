import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A scheme table's `user_id` stops referencing `authkit_user` and becomes the
 * text key of whichever `UserStore` the host mounts. Without the foreign key,
 * a deleted user's rows stay until they expire or are purged; verification
 * looks the user up in the store every time and refuses one it cannot find.
 */
export function userIdAsTextMigration(
  className: string,
  table: string,
): new () => MigrationInterface {
  const migration = class implements MigrationInterface {
    name = className;

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `ALTER TABLE "${table}" DROP CONSTRAINT IF EXISTS "${table}_user_id_fkey"`,
      );
      await queryRunner.query(
        `ALTER TABLE "${table}" ALTER COLUMN "user_id" TYPE text USING "user_id"::text`,
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `ALTER TABLE "${table}" ALTER COLUMN "user_id" TYPE integer USING "user_id"::integer`,
      );
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "authkit_user" ("id") ON DELETE CASCADE`,
      );
    }
  };
  Object.defineProperty(migration, 'name', { value: className });
  return migration;
}
