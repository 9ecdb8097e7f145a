import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rotation with a grace window keeps the previous secret (sealed, as the current one) until
 * the window ends; both NULL when there is none (every code until now).
 */
export class ApiCodeSecretGrace1767000400000 implements MigrationInterface {
  name = 'ApiCodeSecretGrace1767000400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "partner_api_code" ADD COLUMN "previous_secret_sealed" text, ADD COLUMN "grace_ends_at" timestamptz`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "partner_api_code" DROP COLUMN "grace_ends_at", DROP COLUMN "previous_secret_sealed"`,
    );
  }
}
