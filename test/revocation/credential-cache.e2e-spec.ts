import { UserService } from '@authkit/identity';
import { generateToken } from '@authkit/core/internal';
import { request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { factories } from '../support/factories';

/**
 * The verified-credential cache on one instance, observed from outside: rows
 * removed behind the library's back (plain SQL, no revocation notice) show
 * whether an answer came from the cache.
 */
describe('verified-credential cache', () => {
  let t: TestApp;
  const JSON_UTF8 = 'application/json; charset=utf-8';

  beforeAll(async () => {
    // A cache of two entries, so that eviction is easy to provoke; tokens living less than the cache's 30 s cap.
    t = await startTestApp({
      label: 'credential_cache',
      env: { CREDENTIAL_CACHE_MAX_ENTRIES: '2', LOGIN_ACCESS_TOKEN_TTL_SECONDS: '10' },
    });
    const given = factories(t.app);
    for (const username of ['ana', 'ben', 'cem'])
      await given.user({ username, password: 'pw', direction: 'pharma', country: 'ru' });
  });
  afterAll(() => t.close());

  async function login(username: string): Promise<string> {
    const result = await request(`${t.baseUrl}/api/user/login`, {
      headers: { 'Content-Type': JSON_UTF8, country: 'ru' },
      body: { username, password: 'pw', direction: 'pharma' },
    });
    expect(result.status).toBe(200);
    return result.body.access_token;
  }

  const me = (token: string) =>
    request(`${t.baseUrl}/api/user/me`, { headers: { Authorization: `Bearer ${token}` } });
  const forgetAllTokens = () => t.db.query('DELETE FROM password_login_token');

  it('unknown tokens, however many, never evict a verified entry', async () => {
    const token = await login('ana');
    expect((await me(token)).status).toBe(200);
    for (let i = 0; i < 50; i++) expect((await me(generateToken('login'))).status).toBe(401);
    await forgetAllTokens();
    // Still answered from the cache: the unknown tokens did not take its place.
    expect((await me(token)).status).toBe(200);
  });

  it('is bounded: beyond its size the least recently used entry goes', async () => {
    const [a, b, c] = [await login('ana'), await login('ben'), await login('cem')];
    for (const token of [a, b, c]) expect((await me(token)).status).toBe(200);
    await forgetAllTokens();
    expect((await me(a)).status).toBe(401); // evicted, so looked up, and gone
    expect((await me(c)).status).toBe(200);
  });

  it("never outlives the credential's own expiry", async () => {
    const token = await login('ben');
    expect((await me(token)).status).toBe(200);
    t.clock.advance(10_000);
    expect((await me(token)).status).toBe(401);
  });

  it('drops the entries of a disabled user at once on this instance', async () => {
    const token = await login('cem');
    expect((await me(token)).status).toBe(200);
    await t.app.get(UserService).setEnabled('cem', false);
    expect((await me(token)).status).toBe(401);
  });
});
