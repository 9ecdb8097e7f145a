import { MigrationInterface, QueryRunner } from 'typeorm';

/** Refusals that present no credential are written once per address, scheme and minute, with how many there were. */
export class AuditOccurrences1766000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "auth_audit_log" ADD COLUMN "occurrences" integer NOT NULL DEFAULT 1`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_audit_log" DROP COLUMN "occurrences"`);
  }
}
