import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A session opened through an API code keeps the generation of the code's
 * secret it was opened with; rotating the secret moves the generation on. A
 * session lives only while its code is enabled and at the generation it was
 * opened with, so a token login that read the code's old state cannot leave a
 * session behind a disable or a rotation, however the two interleave.
 */
export class ApiCodeSecretGeneration1766000500000 implements MigrationInterface {
  name = 'ApiCodeSecretGeneration1766000500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "partner_api_code" ADD COLUMN "secret_generation" integer NOT NULL DEFAULT 1`,
    );
    await queryRunner.query(
      `ALTER TABLE "partner_session" ADD COLUMN "api_code_generation" integer`,
    );
    await queryRunner.query(
      `UPDATE "partner_session" AS s SET "api_code_generation" = c."secret_generation" FROM "partner_api_code" AS c WHERE c."code" = s."api_code"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "partner_session" DROP COLUMN "api_code_generation"`);
    await queryRunner.query(`ALTER TABLE "partner_api_code" DROP COLUMN "secret_generation"`);
  }
}
