import { UserService } from '@authkit/identity';
import { request } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * One name, one account (SPEC §0): names compare after NFKC and case folding,
 * in the store and in the rate limits alike. A name that equals an existing
 * one under that rule, or that hides invisible characters or mixes scripts,
 * is refused; every spelling of a name signs in to its one account and counts
 * against its one rate limit (the migration that reports collisions it finds:
 * libs/identity/test/username-key-migration.e2e-spec.ts).
 */
describe('one name, one account', () => {
  let t: TestApp;
  let alice: number;

  beforeAll(async () => {
    t = await startTestApp({
      label: 'one_name',
      env: { LOGIN_RATE_LIMIT_PER_ACCOUNT: '10', LOGIN_RATE_LIMIT_PER_ADDRESS: '1000' },
    });
    alice = (
      await t.app.get(UserService).create({
        username: 'alice',
        password: 'alice-password',
        direction: 'pharma',
        country: 'ru',
      })
    ).id;
  });
  afterAll(() => t?.close());

  const create = (username: string) =>
    t.app
      .get(UserService)
      .create({ username, password: 'another-password' })
      .then(
        () => ({ status: 201, message: '' }),
        (error: { getStatus(): number; message: string }) => ({
          status: error.getStatus(),
          message: error.message,
        }),
      );

  it.each(['Alice', 'ALICE', 'ａｌｉｃｅ', 'aLiCe'])(
    'refuses %j beside alice: the same account (409)',
    async (name) => {
      expect(await create(name)).toEqual({
        status: 409,
        message: 'A user with this username (in any case or Unicode form) or email already exists',
      });
    },
  );

  it.each([
    ['alice\u200b', /invisible/],
    ['ali\u202ece', /invisible/],
    ['alice ', /space/],
    ['аlice', /mix scripts \(Latin and Cyrillic\)/],
  ])('refuses %j, which would pass for another name (400)', async (name, message) => {
    const refused = await create(name);
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(message);
  });

  it('every spelling of the name signs in to the one account, on every login endpoint', async () => {
    for (const spelling of ['Alice', 'ALICE', 'ａｌｉｃｅ']) {
      const login = await request(`${t.baseUrl}/api/user/login`, {
        headers: { country: 'ru' },
        body: { username: spelling, password: 'alice-password', direction: 'pharma' },
      });
      expect([spelling, login.status, login.body.id]).toEqual([spelling, 200, alice]);
      const realm = await request(`${t.baseUrl}/snipe/access_token`, {
        body: { login: spelling, password: 'alice-password' },
      });
      expect([spelling, realm.status, realm.body.user_id]).toEqual([spelling, 200, alice]);
    }
    const lookalike = await request(`${t.baseUrl}/snipe/access_token`, {
      body: { login: 'аlice', password: 'alice-password' },
    });
    expect(lookalike.status).toBe(401);
  });

  it('the rate limit counts every spelling against the one account', async () => {
    // An account of its own (the sign-ins above counted against alice's). Ten wrong guesses (the
    // limit), most in full-width letters, then one more as plain `dave`: refused.
    await t.app.get(UserService).create({ username: 'dave', password: 'dave-password' });
    const spellings = [
      'ｄａｖｅ',
      'ＤＡＶＥ',
      'Dave',
      'ｄａｖｅ',
      'ＤＡＶＥ',
      'DAVE',
      'ｄＡｖＥ',
      'ｄａｖｅ',
      'dAvE',
      'ＤＡＶＥ',
    ];
    for (const spelling of spellings) {
      expect([
        spelling,
        (
          await request(`${t.baseUrl}/snipe/access_token`, {
            body: { login: spelling, password: 'a-wrong-guess' },
          })
        ).status,
      ]).toEqual([spelling, 401]);
    }
    const next = await request(`${t.baseUrl}/snipe/access_token`, {
      body: { login: 'dave', password: 'dave-password' },
    });
    expect(next.status).toBe(429);
  });
});
