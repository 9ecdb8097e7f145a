import { MigrationInterface, QueryRunner } from 'typeorm';

/** A site's scopes (its token and its access tokens carry them); NULL: every scope, as before. */
export class SiteScopes1767000100000 implements MigrationInterface {
  name = 'SiteScopes1767000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "saas_site" ADD COLUMN "scopes" text[]`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "saas_site" DROP COLUMN "scopes"`);
  }
}
