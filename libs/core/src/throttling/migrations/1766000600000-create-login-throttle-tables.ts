import { MigrationInterface, QueryRunner } from 'typeorm';
import { sqlTableNamed } from '../../database/prepared-query';

/**
 * The login limits' counters, shared by every instance through the database
 * (unless the host gives the throttle another storage), and the addresses that
 * signed in to an account, which keep their own allowance past the account-wide
 * ceiling. Accounts and addresses are stored as SHA-256 only.
 */
export class CreateLoginThrottleTables1766000600000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const counters = sqlTableNamed(queryRunner.connection, 'authkit_login_counter');
    const known = sqlTableNamed(queryRunner.connection, 'authkit_login_known_address');
    await queryRunner.query(
      `CREATE TABLE ${counters} ("key" text PRIMARY KEY, "hits" integer NOT NULL, "window_ends" timestamptz NOT NULL, "blocked_until" timestamptz)`,
    );
    await queryRunner.query(
      `CREATE INDEX "authkit_login_counter_window_ends" ON ${counters} ("window_ends")`,
    );
    await queryRunner.query(
      `CREATE TABLE ${known} ("account_hash" text NOT NULL, "address_hash" text NOT NULL, "signed_in_at" timestamptz NOT NULL, PRIMARY KEY ("account_hash", "address_hash"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "authkit_login_known_address_signed_in_at" ON ${known} ("signed_in_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP TABLE ${sqlTableNamed(queryRunner.connection, 'authkit_login_known_address')}`,
    );
    await queryRunner.query(
      `DROP TABLE ${sqlTableNamed(queryRunner.connection, 'authkit_login_counter')}`,
    );
  }
}
