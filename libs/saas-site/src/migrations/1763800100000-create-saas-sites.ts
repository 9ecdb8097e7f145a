import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSaasSites1763800100000 implements MigrationInterface {
  name = 'CreateSaasSites1763800100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "saas_team" (
        "id" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "name" varchar(140) NOT NULL,
        "user_id" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "saas_team_name_key" UNIQUE ("name")
      )`);
    await queryRunner.query(`
      CREATE TABLE "saas_site" (
        "id" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "name" varchar(255) NOT NULL,
        "team_id" integer NOT NULL REFERENCES "saas_team" ("id") ON DELETE RESTRICT,
        "secret_hash" char(64) NOT NULL,
        "status" varchar(16) NOT NULL DEFAULT 'active',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "secret_rotated_at" timestamptz,
        CONSTRAINT "saas_site_name_key" UNIQUE ("name")
      )`);
    await queryRunner.query(`
      CREATE TABLE "saas_site_access_token" (
        "id" varchar(10) PRIMARY KEY,
        "secret_hash" char(64) NOT NULL,
        "site_id" integer NOT NULL REFERENCES "saas_site" ("id") ON DELETE CASCADE,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "saas_site_access_token_expires_at_idx" ON "saas_site_access_token" ("expires_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "saas_site_access_token"`);
    await queryRunner.query(`DROP TABLE "saas_site"`);
    await queryRunner.query(`DROP TABLE "saas_team"`);
  }
}
