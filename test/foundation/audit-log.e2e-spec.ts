import { AuthAudit } from '@authkit/core';
import { UserService } from '@authkit/identity';
import { call, jsonRpc } from '../partner-login/jsonrpc-client';
import { runCli } from '../support/demo-process';
import { request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

interface AuditRow {
  scheme: string;
  principal: string | null;
  outcome: string;
  reason: string | null;
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
    userId = (await t.app.get(UserService).create({ username: 'Alice', password: 'alice-secret-pw', direction: 'pharma', country: 'ru' })).id;
  });
  afterAll(() => t.close());

  async function rows(): Promise<AuditRow[]> {
    await t.app.get(AuthAudit).flush();
    return t.db.query<AuditRow>('SELECT scheme, principal, outcome, reason, client_address, user_agent FROM auth_audit_log ORDER BY id');
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
      { scheme: 'login:/api/user/login', principal: 'user:alice', outcome: 'failure', reason: 'invalid_credentials', client_address: '127.0.0.1', user_agent: 'audit-test/1.0' },
      { scheme: 'login:/api/user/login', principal: 'user:alice', outcome: 'success', reason: null, client_address: '127.0.0.1', user_agent: 'audit-test/1.0' },
    ]);
  });

  it('records guarded requests: the scheme that took it and the principal, or the refusal', async () => {
    expect((await request(`${t.baseUrl}/api/user/me`, { headers: { Authorization: `Bearer ${accessToken}`, ...agent } })).status).toBe(200);
    expect((await request(`${t.baseUrl}/api/user/me`, { headers: { Authorization: 'Bearer login_nope', ...agent } })).status).toBe(401);
    const guarded = (await rows()).filter((row) => row.scheme === 'password-login-bearer');
    expect(guarded.map(({ principal, outcome, reason }) => ({ principal, outcome, reason }))).toEqual([
      { principal: `user:${userId}`, outcome: 'success', reason: null },
      { principal: null, outcome: 'failure', reason: 'invalid_token' },
    ]);
  });

  it('records JSON-RPC login methods with their error code', async () => {
    await jsonRpc(t.baseUrl, call('Core.login', { username: 'Alice', password: 'wrong' }));
    await jsonRpc(t.baseUrl, call('Core.login', { username: 'Alice', password: 'alice-secret-pw' }));
    const rpc = (await rows()).filter((row) => row.scheme === 'jsonrpc:Core.login');
    expect(rpc.map(({ principal, outcome, reason }) => ({ principal, outcome, reason }))).toEqual([
      { principal: 'user:alice', outcome: 'failure', reason: 'jsonrpc_-32001' },
      { principal: 'user:alice', outcome: 'success', reason: null },
    ]);
  });

  it('never holds a password or a token', async () => {
    const everything = JSON.stringify(await t.db.query('SELECT * FROM auth_audit_log'));
    expect(everything).not.toContain('alice-secret-pw');
    expect(everything).not.toContain(accessToken);
    expect(everything).not.toMatch(/login_[0-9A-Za-z]{20}|rpcsession_[0-9A-Za-z]{20}/);
  });

  it('npm run cli -- audit tail --json prints the latest entries, newest first', async () => {
    await t.app.get(AuthAudit).flush();
    const result = await runCli(['audit', 'tail', '--limit', '3', '--json'], { ...process.env, DATABASE_URL: t.db.url });
    expect(result.status).toBe(0);
    const { entries } = JSON.parse(result.stdout);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toEqual({
      id: expect.any(Number),
      occurred_at: expect.any(String),
      scheme: 'jsonrpc:Core.login',
      principal: 'user:alice',
      outcome: 'success',
      reason: null,
      client_address: '127.0.0.1',
      user_agent: 'node',
    });
    expect(entries[0].id).toBeGreaterThan(entries[1].id);
  });
});
