import { MigrationInterface, QueryRunner } from 'typeorm';

/** A site's own rate limit (`--rate-limit N/Ws`): both NULL for none, as before; both set otherwise. */
export class SiteRateLimit1767000600000 implements MigrationInterface {
  name = 'SiteRateLimit1767000600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "saas_site" ADD COLUMN "rate_limit" integer, ADD COLUMN "rate_limit_window_seconds" integer,
       ADD CONSTRAINT "saas_site_rate_limit_whole" CHECK (("rate_limit" IS NULL) = ("rate_limit_window_seconds" IS NULL) AND "rate_limit" > 0 AND "rate_limit_window_seconds" > 0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "saas_site" DROP COLUMN "rate_limit_window_seconds", DROP COLUMN "rate_limit"`,
    );
  }
}
