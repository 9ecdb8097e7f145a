import { AuthAudit } from '@authkit/core';
import { AuditRetentionJob } from '@authkit/core/internal';
import { UserService } from '@authkit/identity';
import { call, jsonRpc } from '../support/jsonrpc-client';
import { runCli } from '../support/demo-process';
import { request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { factories } from '../support/factories';

interface AuditRow {
  scheme: string;
  principal: string | null;
  outcome: string;
  reason: string | null;
  code: string | null;
  client_address: string | null;
  user_agent: string | null;
}

describe('audit log of authentication attempts', () => {
  let t: TestApp;
  let userId: number;
  let accessToken: string;
  const JSON_UTF8 = 'application/json; charset=utf-8';
  const agent = { 'User-Agent': 'audit-test/1.0' };

  beforeAll(async () => {
    t = await startTestApp({ label: 'audit' });
    userId = (
      await factories(t.app).user({
        username: 'Alice',
        password: 'alice-secret-pw',
        direction: 'pharma',
        country: 'ru',
      })
    ).id;
  });
  afterAll(() => t.close());

  async function rows(): Promise<AuditRow[]> {
    await t.app.get(AuthAudit).flush();
    return t.db.query<AuditRow>(
      'SELECT scheme, principal, outcome, reason, code, client_address, user_agent FROM auth_audit_log ORDER BY id',
    );
  }

  const login = (password: string) =>
    request(`${t.baseUrl}/api/user/login`, {
      headers: { 'Content-Type': JSON_UTF8, country: 'ru', ...agent },
      body: { username: 'Alice', password, direction: 'pharma' },
    });

  it('records logins, failed and successful, with the account named, the address and the user agent', async () => {
    expect((await login('wrong')).status).toBe(401);
    const ok = await login('alice-secret-pw');
    expect(ok.status).toBe(200);
    accessToken = ok.body.access_token;
    const logins = (await rows()).filter((row) => row.scheme === 'login:/api/user/login');
    expect(logins).toEqual([
      {
        scheme: 'login:/api/user/login',
        principal: 'user:alice',
        outcome: 'failure',
        reason: 'unknown',
        code: 'invalid_credentials',
        client_address: '127.0.0.1',
        user_agent: 'audit-test/1.0',
      },
      {
        scheme: 'login:/api/user/login',
        principal: 'user:alice',
        outcome: 'success',
        reason: null,
        code: null,
        client_address: '127.0.0.1',
        user_agent: 'audit-test/1.0',
      },
    ]);
  });

  it('records every refused guarded request, but not the accepted ones unless asked (one row per API call is unbounded)', async () => {
    expect(
      (
        await request(`${t.baseUrl}/api/user/me`, {
          headers: { Authorization: `Bearer ${accessToken}`, ...agent },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await request(`${t.baseUrl}/api/user/me`, {
          headers: { Authorization: 'Bearer login_nope', ...agent },
        })
      ).status,
    ).toBe(401);
    const guarded = (await rows()).filter((row) => row.scheme === 'password-login-bearer');
    expect(
      guarded.map(({ principal, outcome, reason, code }) => ({ principal, outcome, reason, code })),
    ).toEqual([
      { principal: null, outcome: 'failure', reason: 'malformed', code: 'invalid_token' },
    ]);
  });

  it('records token refresh and revocation', async () => {
    await factories(t.app).user({ username: 'refresher', password: 'refresher-pw' });
    const pair = await request(`${t.baseUrl}/snipe/access_token`, {
      body: { login: 'refresher', password: 'refresher-pw' },
    });
    const refreshed = await request(`${t.baseUrl}/snipe/refresh_token`, {
      body: { refresh_token: pair.body.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    expect(
      (
        await request(`${t.baseUrl}/snipe/revoke_token`, {
          body: { token: refreshed.body.refresh_token },
        })
      ).status,
    ).toBe(200);
    const schemes = (await rows())
      .filter((row) => row.scheme.startsWith('login:/snipe/'))
      .map(({ scheme, outcome }) => `${scheme} ${outcome}`);
    expect(schemes).toEqual([
      'login:/snipe/access_token success',
      'login:/snipe/refresh_token success',
      'login:/snipe/revoke_token success',
    ]);
  });

  it('records JSON-RPC login methods with their error code', async () => {
    await jsonRpc(t.baseUrl, call('Core.login', { username: 'Alice', password: 'wrong' }));
    await jsonRpc(
      t.baseUrl,
      call('Core.login', { username: 'Alice', password: 'alice-secret-pw' }),
    );
    const rpc = (await rows()).filter((row) => row.scheme === 'jsonrpc:Core.login');
    expect(
      rpc.map(({ principal, outcome, reason, code }) => ({ principal, outcome, reason, code })),
    ).toEqual([
      { principal: 'user:alice', outcome: 'failure', reason: 'unknown', code: 'jsonrpc_-32001' },
      { principal: 'user:alice', outcome: 'success', reason: null, code: null },
    ]);
  });

  it('never holds a password or a token', async () => {
    const everything = JSON.stringify(await t.db.query('SELECT * FROM auth_audit_log'));
    expect(everything).not.toContain('alice-secret-pw');
    expect(everything).not.toContain(accessToken);
    expect(everything).not.toMatch(/login_[0-9A-Za-z]{20}|rpcsession_[0-9A-Za-z]{20}/);
  });

  it('records session renewal and closing (scheme 5) and logout (scheme 3)', async () => {
    const basicAuth = `Basic ${Buffer.from('Alice:alice-secret-pw').toString('base64')}`;
    const opened = await request(`${t.baseUrl}/grpc`, {
      headers: { Authorization: basicAuth },
      body: {
        method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
        data: { user_name: 'Alice', password: 'alice-secret-pw' },
      },
    });
    const bearer = { Authorization: `Bearer ${opened.body.token_value}` };
    for (const method of ['RenewSession', 'CloseSession']) {
      expect(
        (
          await request(`${t.baseUrl}/grpc`, {
            headers: bearer,
            body: { method: `axxonsoft.bl.auth.AuthenticationService.${method}`, data: {} },
          })
        ).status,
      ).toBe(200);
    }
    const session = await jsonRpc(
      t.baseUrl,
      call('Core.login', { username: 'Alice', password: 'alice-secret-pw' }),
    );
    await jsonRpc(t.baseUrl, call('Core.logout', { token_: session.body.result.token }));
    const recorded = (await rows()).filter((row) =>
      /(RenewSession|CloseSession|Core\.logout)$/.test(row.scheme),
    );
    expect(
      recorded.map(({ scheme, principal, outcome }) => ({ scheme, principal, outcome })),
    ).toEqual([
      {
        scheme: 'grpc:axxonsoft.bl.auth.AuthenticationService.RenewSession',
        principal: `user:${userId}`,
        outcome: 'success',
      },
      {
        scheme: 'grpc:axxonsoft.bl.auth.AuthenticationService.CloseSession',
        principal: `user:${userId}`,
        outcome: 'success',
      },
      { scheme: 'jsonrpc:Core.logout', principal: `user:${userId}`, outcome: 'success' },
    ]);
  });

  it('deletes entries older than the retention (90 days by default), and only those', async () => {
    await t.db.query(
      `INSERT INTO auth_audit_log (occurred_at, scheme, outcome) VALUES ($1, 'test:ancient', 'success'), ($2, 'test:recent', 'success')`,
      [
        new Date(t.clock.now().getTime() - 91 * 86_400_000),
        new Date(t.clock.now().getTime() - 89 * 86_400_000),
      ],
    );
    expect(await t.app.get(AuditRetentionJob).runOnce()).toBe(1);
    const left = await t.db.query<{ scheme: string }>(
      "SELECT scheme FROM auth_audit_log WHERE scheme LIKE 'test:%'",
    );
    expect(left).toEqual([{ scheme: 'test:recent' }]);
    await t.db.query("DELETE FROM auth_audit_log WHERE scheme LIKE 'test:%'");
  });

  it("audit tail escapes control characters in its human output: an entry cannot drive the operator's terminal", async () => {
    const audit = t.app.get(AuthAudit);
    audit.record({
      scheme: 'test:terminal',
      outcome: 'failure',
      principal: 'user:\u001b[2J\u001b]0;owned\u0007\u202eevil',
    });
    await audit.flush();
    const result = await runCli(['audit', 'tail', '--limit', '1'], {
      ...process.env,
      DATABASE_URL: t.db.url,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('user:\\u001b[2J\\u001b]0;owned\\u0007\\u202eevil');
    // eslint-disable-next-line no-control-regex -- no raw control character may reach the terminal
    expect(result.stdout.trimEnd()).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    await t.db.query("DELETE FROM auth_audit_log WHERE scheme = 'test:terminal'");
  });

  it('npm run cli -- audit tail --json prints the latest entries, newest first', async () => {
    await t.app.get(AuthAudit).flush();
    const result = await runCli(['audit', 'tail', '--limit', '3', '--json'], {
      ...process.env,
      DATABASE_URL: t.db.url,
    });
    expect(result.status).toBe(0);
    const { entries } = JSON.parse(result.stdout);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toEqual({
      id: expect.any(Number),
      occurred_at: expect.any(String),
      scheme: 'jsonrpc:Core.logout',
      principal: `user:${userId}`,
      outcome: 'success',
      reason: null,
      code: null,
      client_address: '127.0.0.1',
      user_agent: 'node',
    });
    expect(entries[0].id).toBeGreaterThan(entries[1].id);
  });

  it('records every revocation, admin ones included, naming what it revoked', async () => {
    const { id } = await factories(t.app).user({ username: 'leaving', password: 'leaving-pw' });
    await t.app.get(UserService).setEnabled('leaving', false);
    // The user's own revocation, then each scheme's as it ends what it stored (the rows deleted or closed).
    const revoked = (await rows()).filter(
      (row) => row.scheme === 'revocation' && row.principal === `user:${id}`,
    );
    expect(revoked.length).toBeGreaterThanOrEqual(1);
    expect(revoked.every((row) => row.outcome === 'success')).toBe(true);
  });
});

describe('audit log with AUDIT_GUARDED_SUCCESSES=1', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('records accepted guarded requests too, with the scheme that took it and the principal', async () => {
    t = await startTestApp({ label: 'audit_successes', env: { AUDIT_GUARDED_SUCCESSES: '1' } });
    const { id } = await factories(t.app).user({
      username: 'bob',
      password: 'bob-pw',
      direction: 'pharma',
      country: 'ru',
    });
    const login = await request(`${t.baseUrl}/api/user/login`, {
      headers: { 'Content-Type': 'application/json; charset=utf-8', country: 'ru' },
      body: { username: 'bob', password: 'bob-pw', direction: 'pharma' },
    });
    expect(
      (
        await request(`${t.baseUrl}/api/user/me`, {
          headers: { Authorization: `Bearer ${login.body.access_token}` },
        })
      ).status,
    ).toBe(200);
    await t.app.get(AuthAudit).flush();
    const guarded = await t.db.query(
      "SELECT principal, outcome FROM auth_audit_log WHERE scheme = 'password-login-bearer'",
    );
    expect(guarded).toEqual([{ principal: `user:${id}`, outcome: 'success' }]);
  });

  it("the CLI's own revocations reach the audit log: the buffer is flushed before the connection closes", async () => {
    await factories(t.app).user({ username: 'cli-disabled', password: 'cli-disabled-pw' });
    const result = await runCli(['user', 'disable', '--username', 'cli-disabled', '--json'], {
      ...process.env,
      DATABASE_URL: t.db.url,
    });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/could not write|not connected/i);
    const [row] = await t.db.query<{ principal: string }>(
      "SELECT principal FROM auth_audit_log WHERE scheme = 'revocation' ORDER BY id DESC LIMIT 1",
    );
    expect(row?.principal).toMatch(/^user:/);
  });
});
