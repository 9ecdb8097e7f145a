import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SiteAdminService } from '@authkit/saas-site';
import { runCli } from '../support/demo-process';
import { factories } from '../support/factories';
import { request } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * docs/token-formats.md, checked against what the demo mints: each documented
 * scanner pattern matches every credential of its kind and none of another,
 * the one pattern for prefixed kinds matches them all, `token check` names each
 * kind offline (no database) and refuses a changed character, and no stored
 * hash looks like a credential.
 */
const doc = readFileSync(join(__dirname, '../../docs/token-formats.md'), 'utf8');
const table = doc.split('<!-- token-formats -->')[1].split('<!-- /token-formats -->')[0];
const documented = new Map(
  table
    .trim()
    .split('\n')
    .slice(2)
    .map((row) => row.split(' | ').map((cell) => cell.replace(/^\|?\s*`?|`?\s*\|?$/g, '')))
    .map((cells) => [cells[0], new RegExp(cells[cells.length - 1])] as const),
);
const PREFIXED = new RegExp(/```\n(\\b\(\?:[^\n]+)\n```/.exec(doc)![1]);

describe('token formats (docs/token-formats.md)', () => {
  let t: TestApp;
  const minted = new Map<string, string>();
  let appId: number;

  beforeAll(async () => {
    t = await startTestApp({ label: 'token_formats' });
    // The CLI judges expiry on the system clock: mint on it too.
    t.clock.set(new Date());
    const given = factories(t.app);
    await given.user({
      username: 'minter',
      password: 'minter-password',
      direction: 'pharma',
      country: 'ru',
    });
    const site = await given.site('formats.example.com', 'minter');
    minted.set('site_token', site.secret);
    const access = await request(
      `${t.baseUrl}/api/method/jcloude.saas.api.auth.generate_access_token`,
      {
        method: 'POST',
        headers: { 'X-Site': 'formats.example.com', 'X-Site-Token': site.secret },
      },
    );
    minted.set('site_access_token', access.body.message);
    const login = await request(`${t.baseUrl}/api/user/login`, {
      headers: { country: 'ru' },
      body: { username: 'minter', password: 'minter-password', direction: 'pharma' },
    });
    minted.set('login_token', login.body.access_token);
    const rpc = await request(`${t.baseUrl}/jsonrpc`, {
      body: {
        jsonrpc: '2.0',
        id: 1,
        method: 'Core.login',
        params: { username: 'minter', password: 'minter-password' },
      },
    });
    minted.set('partner_session_token', rpc.body.result.token);
    minted.set('api_code_secret', await given.apiCode('FORMATS01'));
    const realm = await request(`${t.baseUrl}/snipe/access_token`, {
      body: { login: 'minter', password: 'minter-password' },
    });
    minted.set('realm_access_token', realm.body.access_token);
    minted.set('realm_refresh_token', realm.body.refresh_token);
    const app = await given.app('formats front end');
    appId = app.id;
    minted.set('app_secret', app.secret);
    const session = await request(`${t.baseUrl}/grpc`, {
      headers: {
        Authorization: `Basic ${Buffer.from('minter:minter-password').toString('base64')}`,
      },
      body: {
        method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
        data: { user_name: 'minter', password: 'minter-password' },
      },
    });
    minted.set('session_jwt', session.body.token_value);
    // A second site token, from a rotation, so no pattern is fitted to one value.
    minted.set(
      'site_token (rotated)',
      (await t.app.get(SiteAdminService).rotateSiteToken('formats.example.com')).secret,
    );
  });
  afterAll(() => t?.close());

  const kindOf = (name: string) => name.replace(/ \(.*\)$/, '');

  it('documents every kind the demo mints, and the demo minted one of each', () => {
    expect([...documented.keys()].sort()).toEqual(
      [...new Set([...minted.keys()].map(kindOf))].sort(),
    );
    for (const [name, value] of minted) expect([name, typeof value]).toEqual([name, 'string']);
  });

  it("each kind's pattern matches its credentials, in running text too, and no other kind's", () => {
    for (const [name, value] of minted) {
      for (const [kind, pattern] of documented) {
        expect([name, kind, pattern.test(`leaked: ${value} (in a log line)`)]).toEqual([
          name,
          kind,
          kind === kindOf(name),
        ]);
      }
    }
  });

  it('the one pattern for prefixed kinds matches every prefixed credential', () => {
    for (const [name, value] of minted) {
      const prefixed = !['site_access_token', 'session_jwt'].includes(kindOf(name));
      expect([name, PREFIXED.test(value)]).toEqual([name, prefixed]);
    }
  });

  it('no stored hash looks like a credential', async () => {
    const hashes = await t.db.query<{ hash: string }>(
      `SELECT token_hash AS hash FROM password_login_token UNION ALL SELECT token_hash FROM partner_session
       UNION ALL SELECT token_hash FROM token_realm_access_token UNION ALL SELECT secret_hash FROM token_realm_app`,
    );
    expect(hashes.length).toBeGreaterThan(3);
    for (const { hash } of hashes)
      for (const [, pattern] of documented) expect(pattern.test(hash)).toBe(false);
  });

  it('token check names the kind of each, offline, and refuses a changed character with exit 1', async () => {
    // No DATABASE_URL and no data directory: the check starts nothing.
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    for (const [name, value] of minted) {
      const checked = await runCli(['token', 'check', value], env);
      expect([name, checked.status, JSON.parse(checked.stdout)]).toEqual([
        name,
        0,
        { valid: true, type: kindOf(name) },
      ]);
      if (kindOf(name) === 'session_jwt') continue;
      const last = value.at(-1)!;
      const changed = value.slice(0, -1) + (last === '0' ? '1' : '0');
      const refused = await runCli(['token', 'check', changed], env);
      expect([name, refused.status, JSON.parse(refused.stdout)]).toEqual([
        name,
        1,
        { valid: false },
      ]);
    }
    // From standard input, where `ps` cannot see it.
    const fromStdin = await runCli(
      ['token', 'check', '--stdin'],
      env,
      `${minted.get('login_token')}\n`,
    );
    expect([fromStdin.status, JSON.parse(fromStdin.stdout)]).toEqual([
      0,
      { valid: true, type: 'login_token' },
    ]);
  }, 240_000); // Twenty CLI processes, one after another: on two loaded cores that outlasts the default minute.

  it('token revoke-leaked revokes whatever credential the value is, on its value alone, and audits it without the value', async () => {
    const env = { ...process.env, DATABASE_URL: t.db.url };
    const siteHeaders = {
      'X-Site': 'formats.example.com',
      'X-Site-Token': minted.get('site_token (rotated)')!,
    };
    const bearer = (value: string) => ({ Authorization: `Bearer ${value}` });
    // The first access token went with the rotation in beforeAll: one from the current site token.
    const values = new Map(minted);
    const fresh = await request(
      `${t.baseUrl}/api/method/jcloude.saas.api.auth.generate_access_token`,
      {
        method: 'POST',
        headers: siteHeaders,
      },
    );
    values.set('site_access_token', fresh.body.message);
    // What each credential opens; the access token goes before the site token that would take it along.
    const opens: Array<[string, () => Promise<number>]> = [
      [
        'site_access_token',
        async () =>
          (
            await request(`${t.baseUrl}/api/method/jcloude.saas.api.hello`, {
              headers: { 'X-Site-Access-Token': values.get('site_access_token')! },
            })
          ).status,
      ],
      [
        'site_token (rotated)',
        async () =>
          (
            await request(`${t.baseUrl}/api/method/jcloude.saas.api.hello`, {
              headers: siteHeaders,
            })
          ).status,
      ],
      [
        'login_token',
        async () =>
          (
            await request(`${t.baseUrl}/api/user/me`, {
              headers: bearer(minted.get('login_token')!),
            })
          ).status,
      ],
      [
        'partner_session_token',
        async () =>
          (
            await request(`${t.baseUrl}/jsonrpc/me`, {
              headers: bearer(minted.get('partner_session_token')!),
            })
          ).status,
      ],
      [
        'realm_access_token',
        async () =>
          (
            await request(`${t.baseUrl}/snipe/me`, {
              headers: { 'X-Access-Token': minted.get('realm_access_token')! },
            })
          ).status,
      ],
      [
        'app_secret',
        async () =>
          (
            await request(`${t.baseUrl}/roomink/access_token`, {
              body: { app_id: appId, app_secret: minted.get('app_secret') },
            })
          ).status,
      ],
      [
        'session_jwt',
        async () =>
          (
            await request(`${t.baseUrl}/grpc/whoami`, {
              headers: bearer(minted.get('session_jwt')!),
            })
          ).status,
      ],
    ];
    for (const [name, open] of opens) expect([name, await open()]).toEqual([name, 200]);
    const revoke = (value: string) =>
      runCli(['token', 'revoke-leaked', '--stdin', '--json'], env, `${value}\n`);
    for (const [name, open] of opens) {
      const answer = await revoke(values.get(name)!);
      expect([name, answer.status, JSON.parse(answer.stdout)]).toEqual([
        name,
        0,
        { type: kindOf(name), revoked: true, owner: expect.any(String) },
      ]);
      const deadline = Date.now() + 2_000;
      let status = await open();
      while (status === 200 && Date.now() < deadline) status = await open();
      expect([name, status]).not.toEqual([name, 200]);
    }
    // The refresh token died with its family; the API code's secret no longer opens it.
    const refreshed = await request(`${t.baseUrl}/snipe/refresh_token`, {
      body: { refresh_token: minted.get('realm_refresh_token') },
    });
    expect(refreshed.status).toBe(401);
    const apiCode = await revoke(minted.get('api_code_secret')!);
    expect(JSON.parse(apiCode.stdout)).toEqual({
      type: 'api_code_secret',
      revoked: true,
      owner: 'FORMATS01',
    });
    // A value already dead, or never issued, revokes nothing and says so.
    const again = await revoke(minted.get('site_token')!);
    expect([again.status, JSON.parse(again.stdout)]).toEqual([
      0,
      { type: 'site_token', revoked: false, owner: null },
    ]);
    const garbage = await revoke('not a credential');
    expect(garbage.status).not.toBe(0);
    const audit = await t.db.query<{ principal: string; reason: string }>(
      `SELECT principal, reason FROM auth_audit_log WHERE scheme = 'admin:token revoke-leaked' ORDER BY id`,
    );
    expect(audit.map((row) => row.reason)).toEqual([
      ...opens.map(() => 'revoked'),
      'revoked',
      'not_found',
    ]);
    const written = JSON.stringify(await t.db.query('SELECT * FROM auth_audit_log'));
    for (const value of values.values()) expect(written).not.toContain(value);
  }, 240_000); // A CLI process per credential kind, each connecting to the database.
});
