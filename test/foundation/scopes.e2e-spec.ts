import { AuthAudit } from '@authkit/core';
import { runCli } from '../support/demo-process';
import { factories } from '../support/factories';
import { request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

const WRITE_PROBE = '/api/method/jcloude.saas.api.write_probe';
const HELLO = '/api/method/jcloude.saas.api.hello';

/**
 * SPEC §8's scopes, from an outside client: a site (and the access tokens it mints) and an app
 * carry the scopes they were created with; a route declares what it needs; a credential
 * without it gets 403 `insufficient_scope` with RFC 6750's parameters; one created without
 * scopes has them all; introspection shows an app token's scopes; the CLI sets and shows them.
 */
describe('scopes: @RequireScopes and credentials created with --scope', () => {
  let t: TestApp;
  const siteSecrets: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ label: 'scopes' });
    const given = factories(t.app);
    await given.user({ username: 'scoped-owner' });
    for (const [name, scopes] of [
      ['reader.example.com', ['read']],
      ['writer.example.com', ['read', 'write']],
      ['unscoped.example.com', undefined],
    ] as const) {
      siteSecrets[name] = (
        await given.site(name, 'scoped-owner', `${name}-team`, undefined, scopes && [...scopes])
      ).secret;
    }
  });
  afterAll(() => t?.close());

  const asSite = (name: string, path: string, method: 'GET' | 'POST' = 'GET') =>
    request(`${t.baseUrl}${path}`, {
      method,
      headers: { 'X-Site': name, 'X-Site-Token': siteSecrets[name] },
    });

  it('refuses a credential without the scope: 403 insufficient_scope with WWW-Authenticate, on GET and POST', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const refused = await asSite('reader.example.com', WRITE_PROBE, method);
      expect([method, refused.status, refused.body]).toEqual([
        method,
        403,
        expect.objectContaining({ statusCode: 403, code: 'insufficient_scope' }),
      ]);
      expect(refused.headers.get('www-authenticate')).toBe(
        'Bearer error="insufficient_scope", scope="write"',
      );
      expect(refused.text).not.toContain(siteSecrets['reader.example.com']);
    }
    // What it has, it may do.
    expect((await asSite('reader.example.com', HELLO)).status).toBe(200);
  });

  it('serves a credential with the scope, and one created without scopes (it has them all)', async () => {
    for (const name of ['writer.example.com', 'unscoped.example.com']) {
      const served = await asSite(name, WRITE_PROBE);
      expect([name, served.status, served.body]).toEqual([name, 200, { message: 'ok' }]);
    }
  });

  it('an access token minted by a site carries the site’s scopes', async () => {
    const minted = await asSite(
      'reader.example.com',
      '/api/method/jcloude.saas.api.auth.generate_access_token',
      'POST',
    );
    const accessToken = (minted.body as { message: string }).message;
    const refused = await request(`${t.baseUrl}${WRITE_PROBE}`, {
      headers: { 'X-Site-Access-Token': accessToken },
    });
    expect([refused.status, (refused.body as { code: string }).code]).toEqual([
      403,
      'insufficient_scope',
    ]);
    expect(
      (await request(`${t.baseUrl}${HELLO}`, { headers: { 'X-Site-Access-Token': accessToken } }))
        .status,
    ).toBe(200);
  });

  it('audits the refusal with its reason', async () => {
    await t.app.get(AuthAudit).flush();
    const rows = await t.db.query<{ reason: string; code: string }>(
      "SELECT reason, code FROM auth_audit_log WHERE code = 'insufficient_scope'",
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((row) => row.reason))).toEqual(new Set(['insufficient_scope']));
  });

  it('an app’s tokens carry its scopes: introspection shows them, and omits scope for a token that has every scope', async () => {
    const given = factories(t.app);
    const scoped = await given.app('scoped-app', ['read', 'report']);
    const unscoped = await given.app('unscoped-app');
    const introspect = async (app: { id: number; secret: string }) => {
      const pair = await request(`${t.baseUrl}/roomink/access_token`, {
        body: { app_id: app.id, app_secret: app.secret },
      });
      expect(pair.status).toBe(200);
      const basic = `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}`;
      return (
        await request(`${t.baseUrl}/roomink/introspect`, {
          headers: { Authorization: basic },
          body: { token: (pair.body as { access_token: string }).access_token },
        })
      ).body as { active: boolean; scope?: string };
    };
    expect(await introspect(scoped)).toEqual(
      expect.objectContaining({ active: true, scope: 'read report' }),
    );
    const all = await introspect(unscoped);
    expect(all.active).toBe(true);
    expect(all).not.toHaveProperty('scope');
  });

  it('npm run cli -- site create / app create --scope S (repeatable) set and show them; a bad scope changes nothing', async () => {
    const env = { ...process.env, DATABASE_URL: t.db.url };
    await runCli(['team', 'create', '--name', 'cli-team', '--user', 'scoped-owner'], env);
    const site = await runCli(
      [
        'site',
        'create',
        '--name',
        'cli.example.com',
        '--team',
        'cli-team',
        '--scope',
        'read',
        '--scope',
        'write',
        '--json',
      ],
      env,
    );
    expect(site.status).toBe(0);
    expect(JSON.parse(site.stdout)).toEqual({
      name: 'cli.example.com',
      token: expect.any(String),
      scopes: ['read', 'write'],
    });
    const app = await runCli(
      ['app', 'create', '--name', 'cli-app', '--scope', 'read', '--json'],
      env,
    );
    expect(app.status).toBe(0);
    expect(JSON.parse(app.stdout)).toEqual({
      app_id: expect.any(Number),
      app_secret: expect.any(String),
      scopes: ['read'],
    });
    const bad = await runCli(
      ['site', 'create', '--name', 'bad.example.com', '--team', 'cli-team', '--scope', 'a b'],
      env,
    );
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('scopes must be');
    expect(await t.db.query("SELECT 1 FROM saas_site WHERE name = 'bad.example.com'")).toEqual([]);
  });
});
