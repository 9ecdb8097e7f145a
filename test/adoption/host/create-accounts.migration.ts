import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccounts1700000000000 implements MigrationInterface {
  name = 'CreateAccounts1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "account" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "handle" varchar(64) NOT NULL UNIQUE,
        "email" varchar(320),
        "password_hash" varchar(200) NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "division" varchar(64),
        "country" varchar(16)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "account"`);
  }
}
