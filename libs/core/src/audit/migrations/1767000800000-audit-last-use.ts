import { MigrationInterface, QueryRunner } from 'typeorm';

/** A credential's last use (the CLI's `show` commands) without a scan of the whole log. */
export class AuditLastUse1767000800000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "auth_audit_log_last_success_idx" ON "auth_audit_log" ("principal", "occurred_at") WHERE "outcome" = 'success'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "auth_audit_log_last_success_idx"`);
  }
}
