import { AuthAudit } from '@authkit/core';
import { ApiCodeService, makeLoginToken } from '@authkit/partner-login';
import { runCli } from '../support/demo-process';
import { call, jsonRpc } from '../support/jsonrpc-client';
import { factories } from '../support/factories';
import { request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * #28's operator view: `site show`, `app show` and `api-code show` list a credential's scopes,
 * its rate limit, its last use (from the audit: logins always, guarded requests with
 * AUDIT_GUARDED_SUCCESSES=1) and an open grace window, as JSON with `--json` and as lines
 * without; an unknown credential exits 1 and says so.
 */
describe('the operator view: site show, app show, api-code show', () => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;
  const cli = async (...args: string[]) => {
    const run = await runCli(args, env);
    return {
      ...run,
      answer: run.status === 0 && args.includes('--json') ? JSON.parse(run.stdout) : null,
    };
  };
  const usedAt = () => t.clock.now().toISOString();

  beforeAll(async () => {
    t = await startTestApp({ label: 'overview', env: { AUDIT_GUARDED_SUCCESSES: '1' } });
    t.clock.set(new Date());
    env = { ...process.env, DATABASE_URL: t.db.url };
    await factories(t.app).user({ username: 'overview-owner' });
    await cli('team', 'create', '--name', 'overview-team', '--user', 'overview-owner');
  });
  afterAll(() => t?.close());

  it('shows a site: scopes, limit, no use yet, then its last use and its grace window', async () => {
    const created = await cli(
      'site',
      'create',
      '--name',
      'shown.example.com',
      '--team',
      'overview-team',
      '--scope',
      'read',
      '--rate-limit',
      '100/1h',
      '--json',
    );
    expect(created.status).toBe(0);
    expect((await cli('site', 'show', '--name', 'shown.example.com', '--json')).answer).toEqual({
      name: 'shown.example.com',
      team: 'overview-team',
      status: 'active',
      scopes: ['read'],
      rate_limit: '100/3600s',
      last_used_at: null,
      grace_ends_at: null,
    });

    const served = await request(`${t.baseUrl}/api/method/jcloude.saas.api.hello`, {
      headers: { 'X-Site': 'shown.example.com', 'X-Site-Token': created.answer.token },
    });
    expect(served.status).toBe(200);
    await t.app.get(AuthAudit).flush();
    const rotated = await cli(
      'site',
      'rotate-token',
      '--name',
      'shown.example.com',
      '--grace',
      '10m',
      '--json',
    );
    const shown = await cli('site', 'show', '--name', 'shown.example.com', '--json');
    expect(shown.answer).toMatchObject({
      last_used_at: usedAt(),
      grace_ends_at: rotated.answer.grace_ends_at,
    });

    const lines = await cli('site', 'show', '--name', 'shown.example.com');
    expect(lines.stdout).toContain('rate_limit: 100/3600s');
    expect(lines.stdout).toContain('scopes: read');
    expect(lines.stdout).toContain(`grace_ends_at: ${rotated.answer.grace_ends_at}`);
  });

  it('shows an app: its limit and its last login; a site or app without policy shows nulls', async () => {
    const created = await cli(
      'app',
      'create',
      '--name',
      'shown-app',
      '--rate-limit',
      '3/1m',
      '--json',
    );
    const appId: number = created.answer.app_id;
    const loggedIn = await request(`${t.baseUrl}/roomink/access_token`, {
      body: { app_id: appId, app_secret: created.answer.app_secret },
    });
    expect(loggedIn.status).toBe(200);
    await t.app.get(AuthAudit).flush();
    expect((await cli('app', 'show', '--app-id', String(appId), '--json')).answer).toEqual({
      app_id: appId,
      name: 'shown-app',
      enabled: true,
      scopes: null,
      rate_limit: '3/60s',
      last_used_at: usedAt(),
      grace_ends_at: null,
    });
  });

  it('shows an API code: its last use and its grace window', async () => {
    await cli('api-code', 'create', '--code', 'SHOWN01', '--json');
    expect((await cli('api-code', 'show', '--code', 'SHOWN01', '--json')).answer).toEqual({
      code: 'SHOWN01',
      enabled: true,
      scopes: null,
      rate_limit: null,
      last_used_at: null,
      grace_ends_at: null,
    });
    const created = await cli('api-code', 'show', '--code', 'SHOWN01', '--json');
    expect(created.status).toBe(0);
    await factories(t.app).user({ username: 'partner-user' });
    const { secret } = (await t.app.get(ApiCodeService).secretsOf('SHOWN01'))![0];
    const loginToken = makeLoginToken(
      { username: 'partner-user', exp: t.clock.nowSeconds() + 3, remote_ip: '127.0.0.1' },
      'SHOWN01',
      secret,
    );
    const { body } = await jsonRpc(
      t.baseUrl,
      call('Core.token_login', { token_: loginToken, code_: 'SHOWN01' }),
    );
    expect(body).toEqual(expect.objectContaining({ result: expect.anything() }));
    await t.app.get(AuthAudit).flush();
    expect((await cli('api-code', 'show', '--code', 'SHOWN01', '--json')).answer).toMatchObject({
      last_used_at: usedAt(),
    });
    const rotated = await cli(
      'api-code',
      'rotate-secret',
      '--code',
      'SHOWN01',
      '--grace',
      '1h',
      '--json',
    );
    expect((await cli('api-code', 'show', '--code', 'SHOWN01', '--json')).answer).toMatchObject({
      grace_ends_at: rotated.answer.grace_ends_at,
    });
  });

  it('an unknown credential exits 1 and says so, as JSON with --json', async () => {
    for (const [args, message] of [
      [['site', 'show', '--name', 'nowhere.example.com'], 'No such site'],
      [['app', 'show', '--app-id', '999999'], 'No such app'],
      [['api-code', 'show', '--code', 'NOPE'], 'No such'],
    ] as const) {
      const shown = await cli(...args, '--json');
      expect([args[0], shown.status]).toEqual([args[0], 1]);
      expect(JSON.parse(shown.stderr)).toEqual(
        expect.objectContaining({ message: expect.stringContaining(message) }),
      );
    }
  });
});
