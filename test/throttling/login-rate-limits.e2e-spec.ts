import { AuthAudit } from '@authkit/core';
import { ApiCodeService, makeLoginToken } from '@authkit/partner-login';
import { call, jsonRpc } from '../support/jsonrpc-client';
import { expectApiError, HttpResult, request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { factories } from '../support/factories';

/**
 * Rate limits of every login attempt, with the in-memory store: per client
 * address (here X-Forwarded-For, the app trusting its loopback proxy, so each
 * test can be a different client), per account and address, and machine
 * credentials on a limit of their own. Each test attacks the whole class:
 * every spelling, path and batch shape the server executes as a login.
 */
const PER_ADDRESS = 8;
const PER_ACCOUNT = 3;
const PER_SERVICE = 12;
const JSON_UTF8 = 'application/json; charset=utf-8';
const AUTHENTICATE_EX = 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx';

let nextAddress = 1;
/** A client address of its own for each use, so that tests never share a per-address counter. */
const freshAddress = () => `198.51.100.${nextAddress++}`;
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('login rate limits (memory store)', () => {
  let t: TestApp;
  let siteToken: string;
  let partnerSecret: string;

  beforeAll(async () => {
    t = await startTestApp({
      label: 'rate_limits',
      settings: { trustProxy: 'loopback' },
      env: {
        LOGIN_RATE_LIMIT_PER_ADDRESS: String(PER_ADDRESS),
        LOGIN_RATE_LIMIT_PER_ACCOUNT: String(PER_ACCOUNT),
        LOGIN_RATE_LIMIT_PER_SERVICE: String(PER_SERVICE),
        LOGIN_RATE_LIMIT_WINDOW_SECONDS: '60',
      },
    });
    t.clock.set(new Date());
    const given = factories(t.app);
    for (const username of [
      'victim',
      'bystander',
      'walker',
      'grpc-user',
      'rpc-user',
      'snipe-user',
      'batch-user',
      'other-user',
      'partner-user',
    ]) {
      await given.user({ username, password: 'right-pw', direction: 'pharma', country: 'ru' });
    }
    siteToken = (await given.site('limited.example.com', 'walker', 'limited-team')).secret;
    partnerSecret = (await t.app.get(ApiCodeService).create('LIMIT01')).secret;
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

  const rpc = (payload: unknown, address: string, path = '/jsonrpc') =>
    request(`${t.baseUrl}${path}`, {
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('refuses an account tried too often from one address, with 429 and Retry-After, and changes nothing', async () => {
    const attacker = freshAddress();
    for (let i = 0; i < PER_ACCOUNT; i++)
      expectApiError(await login('victim', 'guess', attacker), 401, 'invalid_credentials');
    const refused = await login('victim', 'right-pw', attacker);
    expectApiError(refused, 429, 'too_many_requests');
    expectThrottled(refused);
    const [{ tokens }] = await t.db.query<{ tokens: string }>(
      'SELECT count(*) AS tokens FROM password_login_token t JOIN authkit_user u ON u.id::text = t.user_id WHERE u.username = $1',
      ['victim'],
    );
    expect(Number(tokens)).toBe(0);
  });

  it('cannot lock a user out from elsewhere: the owner, from their own address, still logs in', async () => {
    const attacker = freshAddress();
    for (let i = 0; i < PER_ACCOUNT; i++) await login('bystander', 'guess', attacker);
    expectApiError(await login('bystander', 'guess', attacker), 429, 'too_many_requests');
    expect((await login('bystander', 'right-pw', freshAddress())).status).toBe(200);
  });

  it('counts an account case-insensitively', async () => {
    const address = freshAddress();
    for (const name of ['Walker', 'WALKER', 'walker'])
      expect((await login(name, 'guess', address)).status).toBe(401);
    expectApiError(await login('walker', 'right-pw', address), 429, 'too_many_requests');
  });

  it('refuses an address that tries too many passwords, whatever the accounts and across every login endpoint', async () => {
    const address = freshAddress();
    for (let i = 0; i < PER_ADDRESS; i++)
      expect((await login(`nobody-${i}`, 'guess', address)).status).toBe(401);
    const refused = await request(`${t.baseUrl}/snipe/access_token`, {
      headers: { 'X-Forwarded-For': address },
      body: { login: 'someone', password: 'guess' },
    });
    expectApiError(refused, 429, 'too_many_requests');
    expectThrottled(refused);
    expect((await login('other-user', 'right-pw', freshAddress())).status).toBe(200);
  });

  it('throttles every scheme: site token endpoint, JSON-RPC logins, realm tokens, refresh, and Basic on /grpc', async () => {
    const hammer = async (times: number, send: (address: string) => Promise<HttpResult>) => {
      const address = freshAddress();
      for (let i = 0; i < times; i++) expect((await send(address)).status).not.toBe(429);
      return send(address);
    };
    const site = await hammer(PER_SERVICE, (address) =>
      request(`${t.baseUrl}/api/method/jcloude.saas.api.auth.generate_access_token`, {
        method: 'POST',
        headers: {
          'X-Site': 'limited.example.com',
          'X-Site-Token': siteToken,
          'X-Forwarded-For': address,
        },
      }),
    );
    expectApiError(site, 429, 'too_many_requests');
    expectApiError(
      await hammer(PER_ACCOUNT, (address) =>
        jsonRpc(t.baseUrl, call('Core.login', { username: 'rpc-user', password: 'guess' }), {
          'X-Forwarded-For': address,
        }),
      ),
      429,
      'too_many_requests',
    );
    expectApiError(
      await hammer(PER_ACCOUNT, (address) =>
        request(`${t.baseUrl}/snipe/access_token`, {
          headers: { 'X-Forwarded-For': address },
          body: { login: 'snipe-user', password: 'guess' },
        }),
      ),
      429,
      'too_many_requests',
    );
    expectApiError(
      await hammer(PER_SERVICE, (address) =>
        request(`${t.baseUrl}/snipe/refresh_token`, {
          headers: { 'X-Forwarded-For': address },
          body: { refresh_token: 'refresh_guess' },
        }),
      ),
      429,
      'too_many_requests',
    );
    const grpc = await hammer(PER_ACCOUNT, (address) =>
      request(`${t.baseUrl}/grpc`, {
        headers: { Authorization: basic('grpc-user', 'guess'), 'X-Forwarded-For': address },
        body: { method: 'Other.method', data: {} },
      }),
    );
    expect(grpc.status).toBe(429);
    expect(grpc.body).toEqual({ error_code: 'RESOURCE_EXHAUSTED', message: expect.any(String) });
    expectThrottled(grpc);
  });

  it('gives machine credentials their own, higher limit: a busy site is not throttled by the password limits', async () => {
    const address = freshAddress();
    for (let i = 0; i < PER_SERVICE; i++) {
      const minted = await request(
        `${t.baseUrl}/api/method/jcloude.saas.api.auth.generate_access_token`,
        {
          method: 'POST',
          headers: {
            'X-Site': 'limited.example.com',
            'X-Site-Token': siteToken,
            'X-Forwarded-For': address,
          },
        },
      );
      expect(minted.status).toBe(200);
    }
    // Password logins from the same address are counted apart.
    expect((await login('other-user', 'right-pw', address)).status).toBe(200);
  });

  it('a partner API code gets the machine limit: more token logins than the password limits allow', async () => {
    const address = freshAddress();
    for (let i = 0; i < PER_ADDRESS + 1; i++) {
      t.clock.set(new Date());
      const token = makeLoginToken(
        { username: 'partner-user', exp: Math.floor(Date.now() / 1000) + 3, remote_ip: address },
        'LIMIT01',
        partnerSecret,
      );
      const answer = await jsonRpc(
        t.baseUrl,
        call('Core.token_login', { token_: token, code_: 'LIMIT01' }),
        { 'X-Forwarded-For': address },
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(
        expect.objectContaining({ result: { token: expect.any(String) } }),
      );
    }
  });

  describe('JSON-RPC: decided on the parsed calls', () => {
    it('counts a method spelled with JSON escapes (Core\\u002elogin is Core.login)', async () => {
      const address = freshAddress();
      const escaped = (id: number) =>
        `{"jsonrpc":"2.0","id":${id},"method":"Core\\u002elogin","params":{"username":"batch-user","password":"guess"}}`;
      for (let i = 0; i < PER_ACCOUNT; i++) {
        const answer = await rpc(escaped(i), address);
        expect(answer.status).toBe(200);
        expect(answer.body.error.code).toBe(-32001);
      }
      expectApiError(await rpc(escaped(99), address), 429, 'too_many_requests');
    });

    it.each(['/jsonrpc/', '/JSONRPC', '/JsonRpc/?x=1'])(
      'counts logins sent to %s, which the router sends to the same handler',
      async (path) => {
        const address = freshAddress();
        for (let i = 0; i < PER_ACCOUNT; i++) {
          const answer = await rpc(
            call('Core.login', { username: 'batch-user', password: 'guess' }),
            address,
            path,
          );
          expect(answer.status).toBe(200);
          expect(answer.body.error.code).toBe(-32001);
        }
        expectApiError(
          await rpc(
            call('Core.login', { username: 'batch-user', password: 'guess' }),
            address,
            path,
          ),
          429,
          'too_many_requests',
        );
      },
    );

    it('counts each login call of a batch against its own account, and runs none of a refused batch', async () => {
      const address = freshAddress();
      // The first call names a harmless account; the rest target the victim.
      const batch = [
        call('Core.login', { username: 'bystander', password: 'x' }),
        ...Array.from({ length: PER_ACCOUNT + 1 }, () =>
          call('Core.login', { username: 'rpc-user', password: 'right-pw' }),
        ),
      ];
      expectApiError(await rpc(batch, address), 429, 'too_many_requests');
      const [{ sessions }] = await t.db.query<{ sessions: string }>(
        'SELECT count(*) AS sessions FROM partner_session s JOIN authkit_user u ON u.id::text = s.user_id WHERE u.username = $1',
        ['rpc-user'],
      );
      expect(Number(sessions)).toBe(0);
    });

    it('counts every login call of a batch against the address', async () => {
      const batch = Array.from({ length: PER_ADDRESS + 1 }, (_, i) =>
        call('Core.login', { username: `spray-${i}`, password: 'guess' }),
      );
      expectApiError(await rpc(batch, freshAddress()), 429, 'too_many_requests');
    });
  });

  describe('AuthenticateEx: throttled as the account it names, whatever the HTTP credential', () => {
    it('under a live session Bearer token', async () => {
      const address = freshAddress();
      const session = await request(`${t.baseUrl}/grpc`, {
        headers: {
          Authorization: basic('other-user', 'right-pw'),
          'X-Forwarded-For': freshAddress(),
        },
        body: { method: AUTHENTICATE_EX, data: { user_name: 'other-user', password: 'right-pw' } },
      });
      expect(session.status).toBe(200);
      const bearer = `Bearer ${session.body.token_value}`;
      const guess = () =>
        request(`${t.baseUrl}/grpc`, {
          headers: { Authorization: bearer, 'X-Forwarded-For': address },
          body: { method: AUTHENTICATE_EX, data: { user_name: 'grpc-user', password: 'guess' } },
        });
      for (let i = 0; i < PER_ACCOUNT; i++) expect((await guess()).status).toBe(401);
      const refused = await guess();
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        error_code: 'RESOURCE_EXHAUSTED',
        message: expect.any(String),
      });
      expectThrottled(refused);
      // And audited, as the account it named.
      await t.app.get(AuthAudit).flush();
      const rows = await t.db.query<{ outcome: string; reason: string; code: string }>(
        "SELECT outcome, reason, code FROM auth_audit_log WHERE principal = 'user:grpc-user' AND scheme LIKE 'grpc:%' AND client_address = $1 ORDER BY id",
        [address],
      );
      expect(rows.map((row) => `${row.reason} ${row.code}`)).toEqual([
        ...Array(PER_ACCOUNT).fill('unknown AUTHENTICATE_CODE_WRONG_CREDENTIALS'),
        'throttled too_many_requests',
      ]);
    });

    it('under Basic for another user: the account in data is counted, not only the Basic user', async () => {
      const address = freshAddress();
      const guess = () =>
        request(`${t.baseUrl}/grpc`, {
          headers: { Authorization: basic('other-user', 'right-pw'), 'X-Forwarded-For': address },
          body: { method: AUTHENTICATE_EX, data: { user_name: 'victim', password: 'guess' } },
        });
      for (let i = 0; i < PER_ACCOUNT; i++) expect((await guess()).status).toBe(401);
      expect((await guess()).status).toBe(429);
    });
  });

  it('scheme 4: the account is the one the realm parses (a stray app_id does not move a password guess to another counter)', async () => {
    const address = freshAddress();
    const guess = (appId: string) =>
      request(`${t.baseUrl}/snipe/access_token`, {
        headers: { 'X-Forwarded-For': address },
        body: { login: 'snipe-user', password: 'guess', app_id: appId },
      });
    for (const appId of ['1', '01', '001']) expect((await guess(appId)).status).toBe(401);
    expectApiError(await guess('0001'), 429, 'too_many_requests');
  });

  it('leaves authenticated calls alone: JSON-RPC session calls are not throttled', async () => {
    const address = freshAddress();
    const session = await jsonRpc(
      t.baseUrl,
      call('Core.login', { username: 'other-user', password: 'right-pw' }),
      { 'X-Forwarded-For': address },
    );
    const token = session.body.result.token;
    for (let i = 0; i < PER_ADDRESS * 2; i++) {
      const whoami = await jsonRpc(t.baseUrl, call('Core.whoami', { token_: token }), {
        'X-Forwarded-For': address,
      });
      expect(whoami.status).toBe(200);
      expect(whoami.body.result).toBeDefined();
    }
  });
});
