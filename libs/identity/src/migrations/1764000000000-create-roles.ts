import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRoles1764000000000 implements MigrationInterface {
  name = 'CreateRoles1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "authkit_role" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" varchar(100) NOT NULL CONSTRAINT "authkit_role_name_key" UNIQUE,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "authkit_role"`);
  }
}
