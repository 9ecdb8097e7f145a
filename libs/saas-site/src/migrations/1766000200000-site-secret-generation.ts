import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An access token keeps the generation of its site's secret it was minted
 * under; rotating the secret moves the generation on. A token lives only at
 * its site's current generation, so a mint that read the old secret's state
 * cannot leave a token behind a rotation, however the two interleave.
 */
export class SiteSecretGeneration1766000200000 implements MigrationInterface {
  name = 'SiteSecretGeneration1766000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "saas_site" ADD COLUMN "secret_generation" integer NOT NULL DEFAULT 1`,
    );
    await queryRunner.query(
      `ALTER TABLE "saas_site_access_token" ADD COLUMN "site_secret_generation" integer NOT NULL DEFAULT 1`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "saas_site_access_token" DROP COLUMN "site_secret_generation"`,
    );
    await queryRunner.query(`ALTER TABLE "saas_site" DROP COLUMN "secret_generation"`);
  }
}
