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

  beforeAll(async () => {
    t = await startTestApp({ label: 'token_formats' });
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
    minted.set('app_secret', (await given.app('formats front end')).secret);
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
  });
});
