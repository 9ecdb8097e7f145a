import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuthAuditLog1763900000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth_audit_log" (
        "id" bigserial PRIMARY KEY,
        "occurred_at" timestamptz NOT NULL,
        "scheme" varchar(100) NOT NULL,
        "principal" varchar(300),
        "outcome" varchar(10) NOT NULL,
        "reason" varchar(100),
        "client_address" varchar(100),
        "user_agent" varchar(300),
        CONSTRAINT "auth_audit_log_outcome_check" CHECK ("outcome" IN ('success', 'failure'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "auth_audit_log_occurred_at_idx" ON "auth_audit_log" ("occurred_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth_audit_log"`);
  }
}
