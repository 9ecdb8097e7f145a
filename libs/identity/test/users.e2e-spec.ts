import * as argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import { UserStore } from '@authkit/core';
import { CredentialQuery } from '@authkit/core/internal';
import { RoleService, UserService } from '@authkit/identity';
import { DataSource } from 'typeorm';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { recordStatements } from '../../../test/support/recorded-statements';

describe('users: passwords at rest', () => {
  let t: HostApp;
  let users: UserService;
  let store: UserStore;

  beforeAll(async () => {
    // authkit's own users, and nothing else: a host of the identity package alone.
    t = await startHostApp({ label: 'users', entities: [], migrations: [], imports: [] });
    users = t.app.get(UserService);
    store = t.app.get(UserStore);
  });
  afterAll(() => t.close());

  /** A credential query whose "credential" is the key it is given, joined to the user it names. */
  const userByKey = () =>
    new CredentialQuery<{ key: string | null }>(t.app.get(DataSource), store, {
      select: 'k."key" AS "key"',
      from: '(SELECT $1::text AS "key") k',
      where: 'true',
      userKey: 'k."key"',
      parameterTypes: ['text'],
    });

  it('stores only an argon2id hash at or above OWASP minimum, never the password', async () => {
    const password = 'correct horse battery staple';
    const user = await users.create({
      username: 'alice',
      password,
      email: 'alice@example.com',
      profile: { company_id: 84 },
    });
    const [row] = await t.db.query<Record<string, unknown>>(
      'SELECT * FROM authkit_user WHERE id = $1',
      [user.id],
    );
    expect(JSON.stringify(row)).not.toContain(password);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$(m=19456,t=2,p=1|m=19456,p=1,t=2)\$/);
    expect(user).not.toHaveProperty('passwordHash');
  });

  it('the default UserStore verifies by login or by email (case-insensitive), and refuses every failure the same way', async () => {
    await users.create({ username: 'bob', password: 'pw-bob-1', email: 'Bob@Example.com' });
    expect((await store.verifyPassword({ login: 'bob' }, 'pw-bob-1'))?.username).toBe('bob');
    expect((await store.verifyPassword({ email: 'bob@example.COM' }, 'pw-bob-1'))?.username).toBe(
      'bob',
    );
    expect(await store.verifyPassword({ login: 'bob' }, 'wrong')).toBeNull();
    expect(await store.verifyPassword({ login: 'nobody' }, 'pw-bob-1')).toBeNull();
    expect(await store.verifyPassword({} as never, 'pw-bob-1')).toBeNull();
  });

  it('the default UserStore answers what the schemes see of a user: never its password hash, roles by id and by name', async () => {
    const created = await users.create({
      username: 'frank',
      password: 'pw-frank',
      email: 'frank@example.com',
      country: 'kz',
      profile: { currency: 'тг' },
    });
    const found = await store.findById(String(created.id));
    expect(found).toEqual({
      id: created.id,
      uuid: created.uuid,
      username: 'frank',
      email: 'frank@example.com',
      enabled: true,
      roles: [],
      roleNames: [],
      profile: { currency: 'тг' },
      attributes: { direction: null, country: 'kz', unrestricted: false },
    });
    expect(await store.findByLogin({ email: 'FRANK@example.com' })).toEqual(found);
    for (const id of ['0', '-1', '1.5', 'abc', '99999999999999999999', ''])
      expect(await store.findById(id)).toBeNull();
  });

  it("the default UserStore's SQL join hands the schemes the same user findById does, roles by name in order, and no user for a key it cannot hold", async () => {
    const roles = t.app.get(RoleService);
    const [admin, viewer] = [await roles.create('join-admin'), await roles.create('join-viewer')];
    const created = await users.create({
      username: 'grace',
      password: 'pw-grace',
      email: 'grace@example.com',
      profile: { company_id: 7 },
    });
    // Unknown, upper-case and non-uuid role ids are kept as ids and skipped as names, as findById does.
    const held = [viewer.id, admin.id.toUpperCase(), randomUUID(), 'not-a-uuid', admin.id];
    await t.db.query('UPDATE authkit_user SET roles = $1 WHERE id = $2', [held, created.id]);
    const byKey = userByKey();
    expect(store.sqlJoin()).not.toBeNull();

    const joined = await byKey.find([String(created.id)]);
    expect(joined?.user).toEqual(await store.findById(String(created.id)));
    expect(joined?.user?.roleNames).toEqual(['join-viewer', 'join-admin']);
    for (const key of [
      '0',
      '-1',
      '1.5',
      'abc',
      '99999999999999999999',
      '',
      ` ${created.id}`,
      null,
    ]) {
      expect(await byKey.find([key])).toEqual({
        row: expect.objectContaining({ key }),
        user: null,
      });
    }
  });

  it('lookups made in one turn of the event loop run as one statement, each answered with its own row and user', async () => {
    const created = await Promise.all(
      ['heidi', 'ivan', 'judy'].map((username) => users.create({ username, password: 'pw' })),
    );
    const byKey = userByKey();
    const keys = [...created.map((user) => String(user.id)), 'abc', String(created[0].id), null];
    const alone = [];
    for (const key of keys) alone.push(await byKey.find([key]));

    const statements = await countingStatements(() =>
      Promise.all(keys.map((key) => byKey.find([key]))),
    );
    expect(statements.result).toEqual(alone);
    expect(statements.result.map((found) => found?.user?.username ?? null)).toEqual([
      'heidi',
      'ivan',
      'judy',
      null,
      'heidi',
      null,
    ]);
    expect(statements.texts).toHaveLength(1);
    expect(statements.texts[0]).toMatch(/unnest\(\$1::text\[\]\) WITH ORDINALITY AS lookup\(/);

    // One at a time, the single statement runs, as before.
    const lone = await countingStatements(() => byKey.find([keys[1]]));
    expect(lone.texts).toHaveLength(1);
    expect(lone.texts[0]).not.toMatch(/AS lookup\(/);
  });

  it("a joint statement that fails is run again lookup by lookup: one lookup's bad value is not another's error", async () => {
    const byId = new CredentialQuery<{ key: string }>(t.app.get(DataSource), store, {
      select: 'k."key"::text AS "key"',
      from: '(SELECT $1::uuid AS "key") k',
      where: 'true',
      userKey: 'NULL::text',
      parameterTypes: ['uuid'],
    });
    const good = [randomUUID(), randomUUID()];
    const statements = await countingStatements(() =>
      Promise.allSettled([byId.find([good[0]]), byId.find(['not-a-uuid']), byId.find([good[1]])]),
    );
    expect(statements.result.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(statements.result[0]).toEqual({
      status: 'fulfilled',
      value: { row: expect.objectContaining({ key: good[0] }), user: null },
    });
    expect(statements.result[2]).toEqual({
      status: 'fulfilled',
      value: { row: expect.objectContaining({ key: good[1] }), user: null },
    });
    // The joint statement, then each lookup alone.
    expect(statements.texts).toHaveLength(4);
  });

  it('rehashes on a successful login when the stored parameters are weaker than configured', async () => {
    const user = await users.create({ username: 'carol', password: 'old-params' });
    const weak = await argon2.hash('old-params', {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    await t.db.query('UPDATE authkit_user SET password_hash = $1 WHERE id = $2', [weak, user.id]);

    expect(await store.verifyPassword({ login: 'carol' }, 'old-params')).not.toBeNull();
    const [row] = await t.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM authkit_user WHERE id = $1',
      [user.id],
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$(m=19456,t=2,p=1|m=19456,p=1,t=2)\$/);
    expect(await store.verifyPassword({ login: 'carol' }, 'old-params')).not.toBeNull();
  });

  it('does not rehash on a failed login', async () => {
    const user = await users.create({ username: 'dave', password: 'secret-dave' });
    const weak = await argon2.hash('secret-dave', {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    await t.db.query('UPDATE authkit_user SET password_hash = $1 WHERE id = $2', [weak, user.id]);
    expect(await store.verifyPassword({ login: 'dave' }, 'not-it')).toBeNull();
    const [row] = await t.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM authkit_user WHERE id = $1',
      [user.id],
    );
    expect(row.password_hash).toBe(weak);
  });

  it('refuses duplicate usernames and emails with a conflict, and bad input with a 400', async () => {
    await expect(users.create({ username: 'alice', password: 'x' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      users.create({ username: 'alice2', password: 'x', email: 'ALICE@example.com' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(users.create({ username: '', password: 'x' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(
      users.create({ username: 'e', password: 'x', profile: [] as never }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('disables a user', async () => {
    await users.create({ username: 'erin', password: 'pw' });
    const seen: string[] = [];
    store.onUserDisabled((user) => void seen.push(user.username));
    await users.setEnabled('erin', false);
    expect((await users.findByUsername('erin'))?.enabled).toBe(false);
    expect(seen).toEqual(['erin']);
    await expect(users.setEnabled('nobody', false)).rejects.toMatchObject({ code: 'not_found' });
  });
});

/** The statements sent to PostgreSQL while `work` runs, and what it answered. */
async function countingStatements<T>(
  work: () => Promise<T>,
): Promise<{ result: T; texts: string[] }> {
  const recording = recordStatements();
  try {
    return { result: await work(), texts: recording.statements.map((statement) => statement.text) };
  } finally {
    recording.stop();
  }
}
