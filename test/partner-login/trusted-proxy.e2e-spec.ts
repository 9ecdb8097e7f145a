import { ApiCodeService, makeLoginToken } from '@authkit/partner-login';
import { startTestApp, TestApp } from '../support/test-app';
import { call, jsonRpc } from '../support/jsonrpc-client';
import { factories } from '../support/factories';

// Its own app (and file): behind a trusted proxy, the client address is X-Forwarded-For's.
describe("scheme 3: remote_ip follows the app's trusted-proxy setting", () => {
  let t: TestApp;
  let code: { code: string; secret: string };

  beforeAll(async () => {
    t = await startTestApp({ label: 'partner_proxy', settings: { trustProxy: 'loopback' } });
    await factories(t.app).user({ username: 'ayse', password: 'pw' });
    code = await t.app.get(ApiCodeService).create('ACME01');
  });
  afterAll(() => t.close());

  const token = (remoteIp: string) =>
    makeLoginToken(
      {
        username: 'ayse',
        exp: Math.floor(t.clock.now().getTime() / 1000) + 3,
        remote_ip: remoteIp,
      },
      code.code,
      code.secret,
    );
  const tokenLogin = (loginToken: string, forwardedFor?: string) =>
    jsonRpc(
      t.baseUrl,
      call('Core.token_login', { token_: loginToken, code_: code.code }),
      forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {},
    );

  it('matches the address the trusted proxy forwarded, not the proxy itself', async () => {
    expect((await tokenLogin(token('203.0.113.7'), '203.0.113.7')).body.result).toBeDefined();
    expect((await tokenLogin(token('127.0.0.1'), '203.0.113.7')).body.error.code).toBe(-32001);
    expect((await tokenLogin(token('198.51.100.1'), '203.0.113.7')).body.error.code).toBe(-32001);
  });
});
