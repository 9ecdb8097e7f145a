import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1763800000000 implements MigrationInterface {
  name = 'CreateUsers1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "authkit_user" (
        "id" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "uuid" uuid NOT NULL DEFAULT gen_random_uuid(),
        "username" varchar(150) NOT NULL,
        "email" varchar(320),
        "password_hash" varchar(255) NOT NULL,
        "enabled" boolean NOT NULL DEFAULT true,
        "direction" varchar(100),
        "country" varchar(16),
        "roles" text[] NOT NULL DEFAULT '{}',
        "unrestricted" boolean NOT NULL DEFAULT false,
        "profile" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "authkit_user_uuid_key" UNIQUE ("uuid"),
        CONSTRAINT "authkit_user_username_key" UNIQUE ("username"),
        CONSTRAINT "authkit_user_profile_is_object" CHECK (jsonb_typeof("profile") = 'object')
      )`);
    // Login by email is case-insensitive, so uniqueness is too.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "authkit_user_email_key" ON "authkit_user" (lower("email")) WHERE "email" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "authkit_user"`);
  }
}
