import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rotation with a grace window keeps the previous secret's hash until the window ends;
 * both NULL when there is none (every site until now).
 */
export class SiteSecretGrace1767000300000 implements MigrationInterface {
  name = 'SiteSecretGrace1767000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "saas_site" ADD COLUMN "previous_secret_hash" char(64), ADD COLUMN "grace_ends_at" timestamptz`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "saas_site" DROP COLUMN "grace_ends_at", DROP COLUMN "previous_secret_hash"`,
    );
  }
}
