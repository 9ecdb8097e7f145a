import { ApiAppService } from '@authkit/token-realm';
import { call, jsonRpc } from '../support/jsonrpc-client';
import { HttpResult, request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { factories } from '../support/factories';

/** SPEC section 0: every response that carries a token or a secret has `Cache-Control: no-store`. */
describe('responses that carry a token are never cached', () => {
  let t: TestApp;
  let siteSecret: string;
  let app: { id: number; secret: string };
  const basic = `Basic ${Buffer.from('holder:holder-pw').toString('base64')}`;

  beforeAll(async () => {
    t = await startTestApp({ label: 'no_store' });
    await factories(t.app).user({
      username: 'holder',
      password: 'holder-pw',
      direction: 'pharma',
      country: 'ru',
    });
    siteSecret = (await factories(t.app).site('holder.example.com', 'holder', 'holder-team'))
      .secret;
    const created = await t.app.get(ApiAppService).create('holder-app');
    app = { id: created.app.id, secret: created.secret };
  });
  afterAll(() => t.close());

  function expectNoStore(result: HttpResult, token: string | undefined): void {
    expect(result.status).toBe(200);
    expect(token).toEqual(expect.any(String));
    expect(result.headers.get('cache-control')).toBe('no-store');
  }

  it('scheme 1: generate_access_token', async () => {
    const minted = await request(
      `${t.baseUrl}/api/method/jcloude.saas.api.auth.generate_access_token`,
      {
        method: 'POST',
        headers: { 'X-Site': 'holder.example.com', 'X-Site-Token': siteSecret },
      },
    );
    expectNoStore(minted, minted.body.message);
  });

  it('scheme 2: the login', async () => {
    const login = await request(`${t.baseUrl}/api/user/login`, {
      headers: { 'Content-Type': 'application/json; charset=utf-8', country: 'ru' },
      body: { username: 'holder', password: 'holder-pw', direction: 'pharma' },
    });
    expectNoStore(login, login.body.access_token);
  });

  it('scheme 3: JSON-RPC logins', async () => {
    const login = await jsonRpc(
      t.baseUrl,
      call('Core.login', { username: 'holder', password: 'holder-pw' }),
    );
    expectNoStore(login, login.body.result.token);
  });

  it('scheme 4: access and refresh tokens, users and apps', async () => {
    const pair = await request(`${t.baseUrl}/snipe/access_token`, {
      body: { login: 'holder', password: 'holder-pw' },
    });
    expectNoStore(pair, pair.body.access_token);
    const refreshed = await request(`${t.baseUrl}/snipe/refresh_token`, {
      body: { refresh_token: pair.body.refresh_token },
    });
    expectNoStore(refreshed, refreshed.body.access_token);
    const appPair = await request(`${t.baseUrl}/roomink/access_token`, {
      body: { app_id: app.id, app_secret: app.secret },
    });
    expectNoStore(appPair, appPair.body.access_token);
  });

  it('scheme 5: AuthenticateEx and RenewSession; the JWKS is cached a minute at most', async () => {
    const opened = await request(`${t.baseUrl}/grpc`, {
      headers: { Authorization: basic },
      body: {
        method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
        data: { user_name: 'holder', password: 'holder-pw' },
      },
    });
    expectNoStore(opened, opened.body.token_value);
    const renewed = await request(`${t.baseUrl}/grpc`, {
      headers: { Authorization: `Bearer ${opened.body.token_value}` },
      body: { method: 'axxonsoft.bl.auth.AuthenticationService.RenewSession', data: {} },
    });
    expectNoStore(renewed, renewed.body.token_value);
    const jwks = await request(`${t.baseUrl}/.well-known/jwks.json`);
    expect(
      Number(/max-age=(\d+)/.exec(jwks.headers.get('cache-control') ?? '')?.[1]),
    ).toBeLessThanOrEqual(60);
  });
});
