import { UserService } from '@authkit/identity';
import { SiteAdminService } from '@authkit/saas-site';
import { call, jsonRpc } from '../partner-login/jsonrpc-client';
import { expectApiError, HttpResult, request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Rate limits of every login, token and refresh endpoint, with the in-memory
 * store: per client address (here X-Forwarded-For, the app trusting its
 * loopback proxy, so each test can be a different client) and per account.
 */
const PER_ADDRESS = 5;
const PER_ACCOUNT = 3;
const JSON_UTF8 = 'application/json; charset=utf-8';

let nextAddress = 1;
/** A client address of its own for each use, so that tests never share a per-address counter. */
const freshAddress = () => `198.51.100.${nextAddress++}`;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('login rate limits (memory store)', () => {
  let t: TestApp;
  let siteToken: string;

  beforeAll(async () => {
    t = await startTestApp({
      label: 'rate_limits',
      settings: { trustProxy: 'loopback' },
      env: { LOGIN_RATE_LIMIT_PER_ADDRESS: String(PER_ADDRESS), LOGIN_RATE_LIMIT_PER_ACCOUNT: String(PER_ACCOUNT), LOGIN_RATE_LIMIT_WINDOW_SECONDS: '60' },
    });
    const users = t.app.get(UserService);
    for (const username of ['victim', 'bystander', 'walker', 'grpc-user', 'rpc-user', 'snipe-user', 'batch-user']) {
      await users.create({ username, password: 'right-pw', direction: 'pharma', country: 'ru' });
    }
    const sites = t.app.get(SiteAdminService);
    await sites.createTeam('limited-team', 'walker');
    siteToken = (await sites.createSite('limited.example.com', 'limited-team')).secret;
  });
  afterAll(() => t.close());

  function login(username: string, password: string, address: string): Promise<HttpResult> {
    return request(`${t.baseUrl}/api/user/login`, {
      headers: { 'Content-Type': JSON_UTF8, country: 'ru', 'X-Forwarded-For': address },
      body: { username, password, direction: 'pharma' },
    });
  }

  function expectThrottled(result: HttpResult): void {
    expect(result.status).toBe(429);
    expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(result.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  }

  it('refuses an account tried too often, from any address, with 429 and Retry-After; other accounts go on', async () => {
    for (let i = 0; i < PER_ACCOUNT; i++) expectApiError(await login('victim', 'guess', freshAddress()), 401, 'invalid_credentials');
    const refused = await login('victim', 'right-pw', freshAddress());
    expectApiError(refused, 429, 'too_many_requests');
    expectThrottled(refused);
    // The refused attempt changed nothing: no token was issued for the right password.
    const [{ tokens }] = await t.db.query<{ tokens: string }>(
      'SELECT count(*) AS tokens FROM password_login_token t JOIN authkit_user u ON u.id = t.user_id WHERE u.username = $1',
      ['victim'],
    );
    expect(Number(tokens)).toBe(0);
    expect((await login('bystander', 'right-pw', freshAddress())).status).toBe(200);
  });

  it('counts an account case-insensitively', async () => {
    const address = () => freshAddress();
    for (const name of ['Walker', 'WALKER', 'walker']) expect((await login(name, 'guess', address())).status).toBe(401);
    expectApiError(await login('walker', 'right-pw', address()), 429, 'too_many_requests');
  });

  it('refuses an address that tries too often, whatever the accounts and across every login endpoint', async () => {
    const address = freshAddress();
    for (let i = 0; i < PER_ADDRESS - 1; i++) expect((await login(`nobody-${i}`, 'guess', address)).status).toBe(401);
    const snipe = await request(`${t.baseUrl}/snipe/access_token`, { headers: { 'X-Forwarded-For': address }, body: { login: 'someone', password: 'guess' } });
    expect(snipe.status).toBe(401);
    const refused = await request(`${t.baseUrl}/roomink/access_token`, { headers: { 'X-Forwarded-For': address }, body: { app_id: 1, app_secret: 'x' } });
    expectApiError(refused, 429, 'too_many_requests');
    expectThrottled(refused);
    // Another client is not affected.
    expect((await login('bystander', 'right-pw', freshAddress())).status).toBe(200);
  });

  it('throttles every scheme: site token endpoint, JSON-RPC logins, realm tokens, refresh, and Basic on /grpc', async () => {
    const hammer = async (send: (address: string) => Promise<HttpResult>) => {
      const address = freshAddress();
      const results: HttpResult[] = [];
      for (let i = 0; i <= PER_ADDRESS; i++) results.push(await send(address));
      expect(results.slice(0, PER_ACCOUNT).every((result) => result.status !== 429)).toBe(true);
      return results[results.length - 1];
    };
    const site = await hammer((address) =>
      request(`${t.baseUrl}/api/method/jcloude.saas.api.auth.generate_access_token`, {
        method: 'POST',
        headers: { 'X-Site': 'limited.example.com', 'X-Site-Token': siteToken, 'X-Forwarded-For': address },
      }),
    );
    expectApiError(site, 429, 'too_many_requests');
    expectApiError(await hammer((address) => jsonRpc(t.baseUrl, call('Core.login', { username: 'rpc-user', password: 'guess' }), { 'X-Forwarded-For': address })), 429, 'too_many_requests');
    expectApiError(
      await hammer((address) => request(`${t.baseUrl}/snipe/access_token`, { headers: { 'X-Forwarded-For': address }, body: { login: 'snipe-user', password: 'guess' } })),
      429,
      'too_many_requests',
    );
    expectApiError(
      await hammer((address) => request(`${t.baseUrl}/snipe/refresh_token`, { headers: { 'X-Forwarded-For': address }, body: { refresh_token: 'refresh_guess' } })),
      429,
      'too_many_requests',
    );
    // Scheme 5 answers in its own shape.
    const grpc = await hammer((address) =>
      request(`${t.baseUrl}/grpc`, {
        headers: { Authorization: basic('grpc-user', 'guess'), 'X-Forwarded-For': address },
        body: { method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx', data: { user_name: 'grpc-user', password: 'guess' } },
      }),
    );
    expect(grpc.status).toBe(429);
    expect(grpc.body).toEqual({ error_code: 'RESOURCE_EXHAUSTED', message: expect.any(String) });
    expectThrottled(grpc);
  });

  it('counts each login call of a JSON-RPC batch', async () => {
    const batch = Array.from({ length: PER_ADDRESS + 1 }, () => call('Core.login', { username: 'batch-user', password: 'guess' }));
    expectApiError(await jsonRpc(t.baseUrl, batch, { 'X-Forwarded-For': freshAddress() }), 429, 'too_many_requests');
  });

  it('leaves authenticated calls alone: JSON-RPC session calls and Bearer requests are not throttled', async () => {
    const address = freshAddress();
    const session = await jsonRpc(t.baseUrl, call('Core.login', { username: 'bystander', password: 'right-pw' }), { 'X-Forwarded-For': address });
    const token = session.body.result.token;
    for (let i = 0; i < PER_ADDRESS * 2; i++) {
      const whoami = await jsonRpc(t.baseUrl, call('Core.whoami', { token_: token }), { 'X-Forwarded-For': address });
      expect(whoami.status).toBe(200);
      expect(whoami.body.result).toBeDefined();
    }
  });
});
