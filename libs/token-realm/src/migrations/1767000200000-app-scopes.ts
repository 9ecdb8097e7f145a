import { MigrationInterface, QueryRunner } from 'typeorm';

/** An app's scopes (its grants' tokens carry them); NULL: every scope, as before. */
export class AppScopes1767000200000 implements MigrationInterface {
  name = 'AppScopes1767000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "token_realm_app" ADD COLUMN "scopes" text[]`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "token_realm_app" DROP COLUMN "scopes"`);
  }
}
