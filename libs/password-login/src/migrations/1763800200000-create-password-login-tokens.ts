import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePasswordLoginTokens1763800200000 implements MigrationInterface {
  name = 'CreatePasswordLoginTokens1763800200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "password_login_token" (
        "token_hash" char(64) PRIMARY KEY,
        "user_id" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "password_login_token_user_id_idx" ON "password_login_token" ("user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "password_login_token_expires_at_idx" ON "password_login_token" ("expires_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "password_login_token"`);
  }
}
