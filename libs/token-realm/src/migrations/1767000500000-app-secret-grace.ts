import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An app's secret can be rotated; with a grace window the previous secret's hash is kept until
 * the window ends. Both NULL when there is none (every app until now).
 */
export class AppSecretGrace1767000500000 implements MigrationInterface {
  name = 'AppSecretGrace1767000500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "token_realm_app" ADD COLUMN "previous_secret_hash" char(64), ADD COLUMN "grace_ends_at" timestamptz`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "token_realm_app" DROP COLUMN "grace_ends_at", DROP COLUMN "previous_secret_hash"`,
    );
  }
}
