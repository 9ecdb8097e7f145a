import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { makeLoginToken } from '@authkit/partner-login';
import {
  assertAppsBuilt,
  CliResult,
  demoEntry,
  freePort,
  runCli as runBuiltCli,
  stopProcess,
  waitForHealth,
} from '../support/demo-process';

/**
 * The built demo and CLI as an operator runs them, on the embedded default:
 * no DATABASE_URL, data under DATA_DIR. (`npm test` builds both first.)
 */

/** The environment of an operator with no DATABASE_URL: the embedded default. */
function embeddedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GRPC_PORT: '0', ...extra };
  delete env.DATABASE_URL;
  return env;
}

function runCli(dataDir: string, args: string[]): Promise<CliResult> {
  return runBuiltCli(args, embeddedEnv({ DATA_DIR: dataDir }));
}

/** Polls until `check` holds, failing after `ms`. */
async function expectWithin(ms: number, check: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** SQL straight on the embedded server of `dataDir` (behind the library's back). */
async function withDemoDatabase<T>(
  dataDir: string,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const config = JSON.parse(readFileSync(join(dataDir, 'embedded-postgres.json'), 'utf8'));
  const client = new Client({
    host: '127.0.0.1',
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function embeddedPostgresIsRunning(dataDir: string): boolean {
  return existsSync(join(dataDir, 'pg', 'postmaster.pid'));
}

describe('admin CLI and the embedded PostgreSQL default', () => {
  let dataDir: string;

  beforeAll(async () => {
    assertAppsBuilt();
    dataDir = await mkdtemp(join(tmpdir(), 'authkit-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('creates a user while the demo is not running, printing one JSON object, and stops its server after', async () => {
    const result = await runCli(dataDir, [
      'user',
      'create',
      '--username',
      'a',
      '--password',
      'b',
      '--json',
    ]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ id: expect.any(Number) });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(embeddedPostgresIsRunning(dataDir)).toBe(false);
  });

  it('keeps data across restarts: the same username is refused the second time', async () => {
    const result = await runCli(dataDir, [
      'user',
      'create',
      '--username',
      'a',
      '--password',
      'other',
      '--json',
    ]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr.trim().split('\n').pop() as string)).toMatchObject({
      error: 'conflict',
    });
  });

  it('stores the password hashed and keeps the generated server password private', async () => {
    const configFile = join(dataDir, 'embedded-postgres.json');
    expect(statSync(configFile).mode & 0o077).toBe(0);
    const runCreate = await runCli(dataDir, [
      'user',
      'create',
      '--username',
      'hashcheck',
      '--password',
      'plain-text-pw',
      '--json',
    ]);
    expect(runCreate.status).toBe(0);
    // Start the server once more through the demo, then look at the table directly.
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    const port = await freePort();
    const env = embeddedEnv({ DATA_DIR: dataDir, PORT: String(port) });
    const demo = spawn(process.execPath, [demoEntry], { env, stdio: 'ignore' });
    try {
      await waitForHealth(`http://127.0.0.1:${port}/health`);
      const client = new Client({
        host: '127.0.0.1',
        port: config.port,
        user: config.user,
        password: config.password,
        database: config.database,
      });
      await client.connect();
      const { rows } = await client.query('SELECT * FROM authkit_user');
      await client.end();
      expect(JSON.stringify(rows)).not.toContain('plain-text-pw');
      expect(rows.every((row) => String(row.password_hash).startsWith('$argon2id$'))).toBe(true);
    } finally {
      await stopProcess(demo);
    }
  });

  it('joins the server of a running demo instead of starting a second one, and leaves it running', async () => {
    const port = await freePort();
    const env = embeddedEnv({ DATA_DIR: dataDir, PORT: String(port) });
    const demo = spawn(process.execPath, [demoEntry], { env, stdio: 'ignore' });
    try {
      await waitForHealth(`http://127.0.0.1:${port}/health`);
      const result = await runCli(dataDir, [
        'user',
        'create',
        '--username',
        'while-running',
        '--password',
        'b',
        '--json',
      ]);
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ id: expect.any(Number) });
      const disabled = await runCli(dataDir, [
        'user',
        'disable',
        '--username',
        'while-running',
        '--json',
      ]);
      expect(disabled.status).toBe(0);
      expect(JSON.parse(disabled.stdout)).toMatchObject({ enabled: false });
      // The CLI did not stop the demo's server.
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      await stopProcess(demo);
    }
    // The demo stopped its embedded server cleanly on SIGTERM.
    expect(embeddedPostgresIsRunning(dataDir)).toBe(false);
  });
});

describe('admin CLI against the running demo', () => {
  let dataDir: string;
  let demo: ChildProcess;
  let baseUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'authkit-cli-sites-'));
    const port = await freePort();
    demo = spawn(process.execPath, [demoEntry], {
      env: embeddedEnv({ DATA_DIR: dataDir, PORT: String(port) }),
      stdio: 'ignore',
    });
    baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(`${baseUrl}/health`);
  });
  afterAll(async () => {
    await stopProcess(demo);
    await rm(dataDir, { recursive: true, force: true });
  });

  const hello = (headers: Record<string, string>) =>
    fetch(`${baseUrl}/api/method/jcloude.saas.api.hello`, { headers }).then(
      (response) => response.status,
    );

  it('--help prints usage and no error; a mistake is said once, on stderr, with a failing status', async () => {
    for (const args of [['--help'], ['user', '--help'], ['site', 'create', '--help']]) {
      const help = await runCli(dataDir, args);
      expect([args, help.status, help.stderr]).toEqual([args, 0, '']);
      expect(help.stdout).toMatch(/^Usage: /);
    }
    for (const args of [['no-such-command'], ['user', 'create', '--json']]) {
      const wrong = await runCli(dataDir, args);
      expect(wrong.status).not.toBe(0);
      expect(wrong.stdout).toBe('');
      expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
      expect(wrong.stderr).not.toContain('error: error:');
    }
  });

  it('team create, site create (secret shown once), rotate-token and suspend', async () => {
    expect(
      (
        await runCli(dataDir, [
          'user',
          'create',
          '--username',
          'owner',
          '--password',
          'pw',
          '--json',
        ])
      ).status,
    ).toBe(0);
    const team = await runCli(dataDir, [
      'team',
      'create',
      '--name',
      'acme',
      '--user',
      'owner',
      '--json',
    ]);
    expect(JSON.parse(team.stdout)).toEqual({ id: expect.any(Number) });

    const created = await runCli(dataDir, [
      'site',
      'create',
      '--name',
      'acme.example.com',
      '--team',
      'acme',
      '--json',
    ]);
    const site = JSON.parse(created.stdout);
    expect(site).toEqual({
      name: 'acme.example.com',
      token: expect.stringMatching(/^site_[0-9A-Za-z]{49}$/),
    });
    expect(await hello({ 'x-site': site.name, 'x-site-token': site.token })).toBe(200);

    const rotated = JSON.parse(
      (await runCli(dataDir, ['site', 'rotate-token', '--name', site.name, '--json'])).stdout,
    );
    expect(rotated.token).not.toBe(site.token);
    expect(await hello({ 'x-site': site.name, 'x-site-token': site.token })).toBe(401);
    expect(await hello({ 'x-site': site.name, 'x-site-token': rotated.token })).toBe(200);

    const suspended = await runCli(dataDir, ['site', 'suspend', '--name', site.name, '--json']);
    expect(JSON.parse(suspended.stdout)).toEqual({ name: site.name, status: 'suspended' });
    expect(await hello({ 'x-site': site.name, 'x-site-token': rotated.token })).toBe(403);

    const unknownTeam = await runCli(dataDir, [
      'site',
      'create',
      '--name',
      'x.example.com',
      '--team',
      'nope',
      '--json',
    ]);
    expect(unknownTeam.status).toBe(1);
    expect(JSON.parse(unknownTeam.stderr.trim().split('\n').pop() as string)).toMatchObject({
      error: 'not_found',
    });
  });

  it('scheme 2: user create with --direction, --country and --profile, then user disable ends its token at once', async () => {
    const profile = { company_id: 84, currency: 'тг', time_zone_offset: 21600 };
    const created = await runCli(dataDir, [
      'user',
      'create',
      '--username',
      'supplier',
      '--password',
      'qwerty',
      '--direction',
      'Food',
      '--country',
      'kz',
      '--profile',
      JSON.stringify(profile),
      '--json',
    ]);
    const { id } = JSON.parse(created.stdout);
    const login = await fetch(`${baseUrl}/api/user/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', country: 'ru' },
      body: JSON.stringify({ username: 'supplier', password: 'qwerty', direction: 'food' }),
    });
    const answer = (await login.json()) as { access_token: string };
    expect(answer).toEqual({
      id,
      ...profile,
      country: 'kz',
      direction: 'Food',
      access_token: expect.any(String),
      access_token_expiration_time: expect.any(Number),
    });
    const me = () =>
      fetch(`${baseUrl}/api/user/me`, {
        headers: { Authorization: `Bearer ${answer.access_token}` },
      }).then((r) => r.status);
    expect(await me()).toBe(200);

    expect(
      (await runCli(dataDir, ['user', 'disable', '--username', 'supplier', '--json'])).status,
    ).toBe(0);
    expect(await me()).toBe(401);

    const badProfile = await runCli(dataDir, [
      'user',
      'create',
      '--username',
      'x',
      '--password',
      'y',
      '--profile',
      '[1]',
      '--json',
    ]);
    expect(badProfile.status).toBe(1);
    expect(badProfile.stderr).toContain('--profile must be a JSON object');
  });

  it('scheme 4: app create prints app_id and app_secret once; the app logs in to roomink; app disable ends its token', async () => {
    const created = await runCli(dataDir, ['app', 'create', '--name', 'ibis', '--json']);
    const registered = JSON.parse(created.stdout);
    expect(registered).toEqual({
      app_id: expect.any(Number),
      app_secret: expect.stringMatching(/^app_[0-9A-Za-z]{49}$/),
    });
    const login = await fetch(`${baseUrl}/roomink/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        app_id: String(registered.app_id),
        app_secret: registered.app_secret,
      }).toString(),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const me = () =>
      fetch(`${baseUrl}/roomink/me`, { headers: { 'X-Access-Token': token } }).then(
        (r) => r.status,
      );
    expect(await me()).toBe(200);
    expect(
      (await runCli(dataDir, ['app', 'disable', '--app-id', String(registered.app_id), '--json']))
        .status,
    ).toBe(0);
    expect(await me()).toBe(401);
  });

  it("scheme 4: app create --app-id --secret adopts a partner's existing credentials (seed 003's, verbatim)", async () => {
    const adopted = await runCli(dataDir, [
      'app',
      'create',
      '--name',
      'roomink-front',
      '--app-id',
      '12345',
      '--secret',
      '40838e1c2a344453a6c6',
      '--json',
    ]);
    expect(JSON.parse(adopted.stdout)).toEqual({
      app_id: 12345,
      app_secret: '40838e1c2a344453a6c6',
    });
    // The seed's `http POST roomink.dev/access_token app_id=12345 app_secret=40838e1c2a344453a6c6`, host aside.
    const login = await fetch(`${baseUrl}/roomink/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ app_id: '12345', app_secret: '40838e1c2a344453a6c6' }),
    });
    expect(login.status).toBe(200);
    expect(await login.json()).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_at: expect.any(String),
    });
    // At rest, an adopted secret is a SHA-256 like a generated one; never the secret itself.
    const stored = await withDemoDatabase(
      dataDir,
      async (client) => (await client.query('SELECT * FROM token_realm_app WHERE id = 12345')).rows,
    );
    expect(JSON.stringify(stored)).not.toContain('40838e1c2a344453a6c6');
    expect(stored[0].secret_hash).toBe(
      createHash('sha256').update('40838e1c2a344453a6c6').digest('hex'),
    );
    // Generated ids go on above the adopted one; the same id twice is a conflict; --secret alone is refused.
    const next = JSON.parse(
      (await runCli(dataDir, ['app', 'create', '--name', 'later', '--json'])).stdout,
    );
    expect(next.app_id).toBeGreaterThan(12345);
    const again = await runCli(dataDir, [
      'app',
      'create',
      '--name',
      'dup',
      '--app-id',
      '12345',
      '--secret',
      '40838e1c2a344453a6c6',
      '--json',
    ]);
    expect(JSON.parse(again.stderr.trim().split('\n').pop() as string)).toMatchObject({
      error: 'conflict',
    });
    expect(
      (
        await runCli(dataDir, [
          'app',
          'create',
          '--name',
          'half',
          '--secret',
          '40838e1c2a344453a6c6',
          '--json',
        ])
      ).status,
    ).toBe(1);
    const weak = await runCli(dataDir, [
      'app',
      'create',
      '--name',
      'weak',
      '--app-id',
      '777',
      '--secret',
      'short',
      '--json',
    ]);
    expect(weak.status).toBe(1);
  });

  it('scheme 5: user create --role --unrestricted shows in AuthenticateEx; signing-key rotate and retire', async () => {
    const created = JSON.parse(
      (await runCli(dataDir, ['role', 'create', '--name', 'operators', '--json'])).stdout,
    );
    expect(created).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'operators' });
    const role = created.id;
    const unknownRole = await runCli(dataDir, [
      'user',
      'create',
      '--username',
      'x-role',
      '--password',
      'p',
      '--role',
      'nope',
      '--json',
    ]);
    expect(JSON.parse(unknownRole.stderr.trim().split('\n').pop() as string)).toMatchObject({
      error: 'not_found',
    });
    expect(
      (
        await runCli(dataDir, [
          'user',
          'create',
          '--username',
          'root',
          '--password',
          'root',
          '--role',
          'operators',
          '--unrestricted',
          '--json',
        ])
      ).status,
    ).toBe(0);
    const response = await fetch(`${baseUrl}/grpc`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('root:root').toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
        data: { user_name: 'root', password: 'root' },
      }),
    });
    const answer = (await response.json()) as {
      roles_ids: string[];
      is_unrestricted: boolean;
      token_value: string;
    };
    expect(answer).toMatchObject({
      roles_ids: [role],
      is_unrestricted: true,
      error_code: 'AUTHENTICATE_CODE_OK',
    });
    const oldKid = JSON.parse(
      Buffer.from(answer.token_value.split('.')[0], 'base64url').toString(),
    ).kid;

    const rotated = JSON.parse((await runCli(dataDir, ['signing-key', 'rotate', '--json'])).stdout);
    expect(rotated).toEqual({ kid: expect.any(String) });
    expect(rotated.kid).not.toBe(oldKid);
    const retired = await runCli(dataDir, ['signing-key', 'retire', '--kid', oldKid, '--json']);
    expect(JSON.parse(retired.stdout)).toEqual({ kid: oldKid, retired: true });
    const again = await runCli(dataDir, ['signing-key', 'retire', '--kid', oldKid, '--json']);
    expect(again.status).toBe(1);
    expect(JSON.parse(again.stderr.trim().split('\n').pop() as string)).toMatchObject({
      error: 'not_found',
    });
    // The running demo reloads its key ring on the notice: the retired key's token is refused within a second.
    await expectWithin(
      1000,
      async () =>
        (
          await fetch(`${baseUrl}/grpc/whoami`, {
            headers: { Authorization: `Bearer ${answer.token_value}` },
          })
        ).status === 401,
    );
  });

  it("user disable ends the user's scheme 4 tokens and scheme 5 sessions too, for good (re-enabling brings none back)", async () => {
    expect(
      (
        await runCli(dataDir, [
          'user',
          'create',
          '--username',
          'leaver',
          '--password',
          'leaver-pw',
          '--json',
        ])
      ).status,
    ).toBe(0);
    const snipe = (await (
      await fetch(`${baseUrl}/snipe/access_token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ login: 'leaver', password: 'leaver-pw' }),
      })
    ).json()) as { access_token: string; refresh_token: string };
    const session = (await (
      await fetch(`${baseUrl}/grpc`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from('leaver:leaver-pw').toString('base64')}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
          data: { user_name: 'leaver', password: 'leaver-pw' },
        }),
      })
    ).json()) as { token_value: string };
    const probes = {
      snipe: () =>
        fetch(`${baseUrl}/snipe/me`, { headers: { 'X-Access-Token': snipe.access_token } }).then(
          (r) => r.status,
        ),
      refresh: () =>
        fetch(`${baseUrl}/snipe/refresh_token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ refresh_token: snipe.refresh_token }),
        }).then((r) => r.status),
      jwt: () =>
        fetch(`${baseUrl}/grpc/whoami`, {
          headers: { Authorization: `Bearer ${session.token_value}` },
        }).then((r) => r.status),
    };
    expect(await probes.snipe()).toBe(200);
    expect(await probes.jwt()).toBe(200);
    expect(
      (await runCli(dataDir, ['user', 'disable', '--username', 'leaver', '--json'])).status,
    ).toBe(0);
    await expectWithin(
      1000,
      async () => (await probes.snipe()) === 401 && (await probes.jwt()) === 401,
    );
    // Re-enabled behind the library's back: what was revoked stays revoked.
    await withDemoDatabase(dataDir, (client) =>
      client.query("UPDATE authkit_user SET enabled = true WHERE username = 'leaver'"),
    );
    expect(await probes.snipe()).toBe(401);
    expect(await probes.jwt()).toBe(401);
    expect(await probes.refresh()).toBe(401);
  });

  it('api-code rotate-secret and disable end the sessions the code opened, and refuse its tokens', async () => {
    expect(
      (
        await runCli(dataDir, [
          'user',
          'create',
          '--username',
          'kerem',
          '--password',
          'pw',
          '--json',
        ])
      ).status,
    ).toBe(0);
    const { secret } = JSON.parse(
      (await runCli(dataDir, ['api-code', 'create', '--code', 'ROT01', '--json'])).stdout,
    );
    const tokenLogin = async (code: string, codeSecret: string) => {
      const token = makeLoginToken(
        { username: 'kerem', exp: Math.floor(Date.now() / 1000) + 3, remote_ip: '127.0.0.1' },
        code,
        codeSecret,
      );
      const response = await fetch(`${baseUrl}/jsonrpc`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'Core.token_login',
          params: { token_: token, code_: code },
        }),
      });
      return (await response.json()) as { result?: { token: string }; error?: { code: number } };
    };
    const whoami = (token: string) =>
      fetch(`${baseUrl}/jsonrpc`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'Core.whoami' }),
      }).then(
        async (response) => ((await response.json()) as { result?: unknown }).result !== undefined,
      );

    const first = (await tokenLogin('ROT01', secret)).result!.token;
    expect(await whoami(first)).toBe(true);
    const rotated = JSON.parse(
      (await runCli(dataDir, ['api-code', 'rotate-secret', '--code', 'ROT01', '--json'])).stdout,
    );
    expect(rotated).toEqual({ code: 'ROT01', secret: expect.any(String) });
    expect(rotated.secret).not.toBe(secret);
    await expectWithin(1000, async () => !(await whoami(first)));
    expect((await tokenLogin('ROT01', secret)).error?.code).toBe(-32001);

    const second = (await tokenLogin('ROT01', rotated.secret)).result!.token;
    expect(await whoami(second)).toBe(true);
    const disabled = await runCli(dataDir, ['api-code', 'disable', '--code', 'ROT01', '--json']);
    expect(JSON.parse(disabled.stdout)).toEqual({ code: 'ROT01', enabled: false });
    await expectWithin(1000, async () => !(await whoami(second)));
    expect((await tokenLogin('ROT01', rotated.secret)).error?.code).toBe(-32001);
    expect(
      (await runCli(dataDir, ['api-code', 'disable', '--code', 'NOPE', '--json'])).status,
    ).toBe(1);
  });

  it('scheme 3: api-code create prints the secret once; a login token made with it signs the user in', async () => {
    expect(
      (
        await runCli(dataDir, [
          'user',
          'create',
          '--username',
          'ayse',
          '--password',
          'pw',
          '--json',
        ])
      ).status,
    ).toBe(0);
    const created = JSON.parse(
      (await runCli(dataDir, ['api-code', 'create', '--code', 'ACME01', '--json'])).stdout,
    );
    expect(created).toEqual({ code: 'ACME01', secret: expect.any(String) });
    const token = makeLoginToken(
      { username: 'ayse', exp: Math.floor(Date.now() / 1000) + 3, remote_ip: '127.0.0.1' },
      'ACME01',
      created.secret,
    );
    const response = await fetch(`${baseUrl}/jsonrpc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'Core.token_login',
        params: { token_: token, code_: 'ACME01' },
      }),
    });
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: { token: expect.stringMatching(/^rpcsession_/) },
    });
    const duplicate = await runCli(dataDir, ['api-code', 'create', '--code', 'ACME01', '--json']);
    expect(duplicate.status).toBe(1);
  });
});
