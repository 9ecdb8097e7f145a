import { accountNameKey } from '@authkit/core/internal';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One name, one account: `username_key` is the name after NFKC and case folding
 * (accountNameKey), unique. Names that are one account under that rule
 * (`Alice` beside `alice`) are reported and the migration stops, changing
 * nothing (it runs in a transaction): rename or remove all but one of each,
 * then migrate again. No account is merged or renamed silently.
 */
export class UsernameKey1766000100000 implements MigrationInterface {
  name = 'UsernameKey1766000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const users: Array<{ id: number; username: string }> = await queryRunner.query(
      `SELECT "id", "username" FROM "authkit_user" ORDER BY "id"`,
    );
    const byKey = new Map<string, Array<{ id: number; username: string }>>();
    for (const user of users)
      byKey.set(accountNameKey(user.username), [
        ...(byKey.get(accountNameKey(user.username)) ?? []),
        user,
      ]);
    const collisions = [...byKey.values()].filter((group) => group.length > 1);
    if (collisions.length > 0) {
      const listed = collisions
        .map((group) =>
          group.map((user) => `${JSON.stringify(user.username)} (id ${user.id})`).join(' = '),
        )
        .join('; ');
      throw new Error(
        `authkit_user: ${collisions.length} name(s) are one account under NFKC and case folding: ${listed}. ` +
          'Rename or remove all but one of each (nothing was changed), then migrate again.',
      );
    }
    await queryRunner.query(`ALTER TABLE "authkit_user" ADD COLUMN "username_key" varchar(600)`);
    await queryRunner.query(
      `UPDATE "authkit_user" AS u SET "username_key" = k.key FROM unnest($1::integer[], $2::text[]) AS k(id, key) WHERE u."id" = k.id`,
      [users.map((user) => user.id), users.map((user) => accountNameKey(user.username))],
    );
    await queryRunner.query(`ALTER TABLE "authkit_user" ALTER COLUMN "username_key" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "authkit_user" ADD CONSTRAINT "authkit_user_username_folded_key" UNIQUE ("username_key")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "authkit_user" DROP COLUMN "username_key"`);
  }
}
