import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePartnerLogin1763800500000 implements MigrationInterface {
  name = 'CreatePartnerLogin1763800500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "partner_api_code" (
        "code" varchar(64) PRIMARY KEY,
        "secret_sealed" text NOT NULL,
        "enabled" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "partner_session" (
        "token_hash" char(64) PRIMARY KEY,
        "user_id" text NOT NULL,
        "api_code" varchar(64),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "partner_session_user_id_idx" ON "partner_session" ("user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "partner_session_expires_at_idx" ON "partner_session" ("expires_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "partner_used_login_token" (
        "api_code" varchar(64) NOT NULL,
        "nonce" bytea NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("api_code", "nonce")
      )`);
    await queryRunner.query(
      `CREATE INDEX "partner_used_login_token_expires_at_idx" ON "partner_used_login_token" ("expires_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "partner_used_login_token"`);
    await queryRunner.query(`DROP TABLE "partner_session"`);
    await queryRunner.query(`DROP TABLE "partner_api_code"`);
  }
}
