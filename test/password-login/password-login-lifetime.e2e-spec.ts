import { request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { factories } from '../support/factories';

// Its own file: passport keeps strategies by name per process, so two apps
// in one test file would share (and close) each other's strategy instances.
describe('scheme 2: the token lifetime is an option of the module instance', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      label: 'password_login_ttl',
      env: { LOGIN_ACCESS_TOKEN_TTL_SECONDS: '60' },
    });
    await factories(t.app).user({ username: 'u', password: 'p', direction: 'food', country: 'kz' });
  });
  afterAll(() => t.close());

  it('answers an expiry 60 seconds ahead and refuses the token at that second', async () => {
    const result = await request(`${t.baseUrl}/api/user/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', country: 'kz' },
      body: { username: 'u', password: 'p', direction: 'food' },
    });
    const expiry = result.body.access_token_expiration_time;
    expect(expiry).toBe(Math.floor(t.clock.now().getTime() / 1000) + 60);
    const me = () =>
      request(`${t.baseUrl}/api/user/me`, {
        headers: { Authorization: `Bearer ${result.body.access_token}` },
      });
    t.clock.advance(59_000);
    expect((await me()).status).toBe(200);
    t.clock.advance(1_000);
    expect((await me()).status).toBe(401);
  });
});
