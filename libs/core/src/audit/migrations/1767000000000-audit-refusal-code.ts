import { MigrationInterface, QueryRunner } from 'typeorm';

/** A failure's `reason` becomes why it failed (`expired`, `revoked`...); what the client was answered moves to `code`. */
export class AuditRefusalCode1767000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_audit_log" ADD COLUMN "code" varchar(100)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_audit_log" DROP COLUMN "code"`);
  }
}
