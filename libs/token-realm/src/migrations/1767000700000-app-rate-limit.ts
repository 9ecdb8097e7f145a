import { MigrationInterface, QueryRunner } from 'typeorm';

/** An app's own rate limit (`--rate-limit N/Ws`): both NULL for none, as before; both set otherwise. */
export class AppRateLimit1767000700000 implements MigrationInterface {
  name = 'AppRateLimit1767000700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "token_realm_app" ADD COLUMN "rate_limit" integer, ADD COLUMN "rate_limit_window_seconds" integer,
       ADD CONSTRAINT "token_realm_app_rate_limit_whole" CHECK (("rate_limit" IS NULL) = ("rate_limit_window_seconds" IS NULL) AND "rate_limit" > 0 AND "rate_limit_window_seconds" > 0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "token_realm_app" DROP COLUMN "rate_limit_window_seconds", DROP COLUMN "rate_limit"`,
    );
  }
}
