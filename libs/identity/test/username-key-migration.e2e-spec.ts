import { buildDataSourceOptions } from '@authkit/database';
import { identityEntities, identityMigrations } from '@authkit/identity';
import { DataSource } from 'typeorm';
import { createTestDatabase, hostSchema } from '../../../test/support/test-database';

/**
 * Names compare after NFKC and case folding: the migration that adds the
 * username key finds the names that would collide under that rule, names them
 * and changes nothing, so the operator decides which account keeps the name.
 */
describe('the username-key migration', () => {
  it('reports names that collide under the rule, and changes nothing', async () => {
    const schema = hostSchema();
    const table = (name: string) => (schema ? `"${schema}"."${name}"` : `"${name}"`);
    const db = await createTestDatabase('username_key_migration');
    const source = new DataSource(
      buildDataSourceOptions(
        db.url,
        { entities: identityEntities, migrations: identityMigrations },
        { migrationsRun: false, poolSize: 1, schema },
      ),
    );
    try {
      await source.initialize();
      await source.runMigrations();
      // Back to before the username key (and whatever came after it).
      const since = (identityMigrations as Function[]).filter(
        (migration) => Number(/\d{13}$/.exec(migration.name)?.[0]) >= 1766000100000,
      ).length;
      for (let i = 0; i < since; i++) await source.undoLastMigration();
      await source.query(
        `INSERT INTO ${table('authkit_user')} (username, password_hash) VALUES ('Bob', 'x'), ('bob', 'y'), ('carol', 'z')`,
      );
      await expect(source.runMigrations()).rejects.toThrow(
        /authkit_user: 1 name\(s\) are one account under NFKC and case folding: "Bob" \(id \d+\) = "bob" \(id \d+\)\. Rename or remove all but one of each \(nothing was changed\)/,
      );
      expect(
        await source.query(`SELECT username FROM ${table('authkit_user')} ORDER BY id`),
      ).toEqual([{ username: 'Bob' }, { username: 'bob' }, { username: 'carol' }]);
      expect(
        await source.query(
          `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'authkit_user' AND column_name = 'username_key'`,
          [schema ?? 'public'],
        ),
      ).toEqual([]);
      await source.query(`DELETE FROM ${table('authkit_user')} WHERE username = 'Bob'`);
      await source.runMigrations();
      expect(
        await source.query(`SELECT username_key FROM ${table('authkit_user')} ORDER BY id`),
      ).toEqual([{ username_key: 'bob' }, { username_key: 'carol' }]);
    } finally {
      if (source.isInitialized) await source.destroy();
      await db.drop();
    }
  });
});
