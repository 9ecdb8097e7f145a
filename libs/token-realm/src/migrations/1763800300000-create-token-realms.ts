import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTokenRealms1763800300000 implements MigrationInterface {
  name = 'CreateTokenRealms1763800300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "token_realm_app" (
        "id" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "name" varchar(150) NOT NULL,
        "secret_hash" char(64) NOT NULL,
        "enabled" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "token_realm_family" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "realm" varchar(64) NOT NULL,
        "user_id" text,
        "app_id" integer,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_at" timestamptz,
        CONSTRAINT "token_realm_family_one_principal" CHECK (("user_id" IS NULL) <> ("app_id" IS NULL)),
        CONSTRAINT "token_realm_family_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "token_realm_app" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "token_realm_family_user_id_idx" ON "token_realm_family" ("user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "token_realm_family_app_id_idx" ON "token_realm_family" ("app_id")`,
    );
    for (const kind of ['access', 'refresh']) {
      const table = `token_realm_${kind}_token`;
      await queryRunner.query(`
        CREATE TABLE "${table}" (
          "token_hash" char(64) PRIMARY KEY,
          "family_id" uuid NOT NULL,
          "created_at" timestamptz NOT NULL DEFAULT now(),
          "expires_at" timestamptz NOT NULL,
          ${kind === 'refresh' ? '"used_at" timestamptz,' : ''}
          CONSTRAINT "${table}_family_id_fkey" FOREIGN KEY ("family_id") REFERENCES "token_realm_family" ("id") ON DELETE CASCADE
        )`);
      await queryRunner.query(`CREATE INDEX "${table}_family_id_idx" ON "${table}" ("family_id")`);
      await queryRunner.query(
        `CREATE INDEX "${table}_expires_at_idx" ON "${table}" ("expires_at")`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "token_realm_refresh_token"`);
    await queryRunner.query(`DROP TABLE "token_realm_access_token"`);
    await queryRunner.query(`DROP TABLE "token_realm_family"`);
    await queryRunner.query(`DROP TABLE "token_realm_app"`);
  }
}
