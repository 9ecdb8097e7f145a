import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSessionJwt1763800400000 implements MigrationInterface {
  name = 'CreateSessionJwt1763800400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "session_jwt_session" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "closed_at" timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX "session_jwt_session_user_id_idx" ON "session_jwt_session" ("user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "session_jwt_session_expires_at_idx" ON "session_jwt_session" ("expires_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "session_jwt_signing_key" (
        "kid" varchar(64) PRIMARY KEY,
        "public_jwk" jsonb NOT NULL,
        "private_key_sealed" text NOT NULL,
        "created_at" timestamptz(6) NOT NULL DEFAULT now(),
        "retired_at" timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "session_jwt_signing_key"`);
    await queryRunner.query(`DROP TABLE "session_jwt_session"`);
  }
}
