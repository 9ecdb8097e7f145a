import { execFile } from 'node:child_process';
import { request } from '../support/http';
import { cliEntry } from '../support/demo-process';
import { startTestApp, type TestApp } from '../support/test-app';
import { factories } from '../support/factories';

/**
 * No admin command needs a secret on its command line, where `ps` shows it to
 * every local user: `--password-stdin` and `--secret-stdin` read it from
 * standard input (SPEC §6).
 */
describe('the CLI reads secrets from standard input', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'cli_stdin' });
  });
  afterAll(() => t?.close());

  function cli(
    args: string[],
    stdin: string,
  ): Promise<{ status: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      const child = execFile(
        process.execPath,
        [cliEntry, ...args],
        { env: { ...process.env, DATABASE_URL: t.db.url }, encoding: 'utf8', timeout: 60_000 },
        (error, stdout, stderr) =>
          done({
            status: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
            stdout,
            stderr,
          }),
      );
      child.stdin!.end(stdin);
    });
  }

  it('user create --password-stdin: the password never appears among the arguments, and signs in', async () => {
    const args = [
      'user',
      'create',
      '--username',
      'stdin-user',
      '--password-stdin',
      '--direction',
      'pharma',
      '--country',
      'ru',
      '--json',
    ];
    const created = await cli(args, 'a password from stdin\n');
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({ id: expect.any(Number) });
    expect(args.join(' ')).not.toContain('a password from stdin');
    const login = await request(`${t.baseUrl}/api/user/login`, {
      headers: { country: 'ru' },
      body: { username: 'stdin-user', password: 'a password from stdin', direction: 'pharma' },
    });
    expect(login.status).toBe(200);
  });

  it('refuses both --password and --password-stdin, and an empty standard input, without creating anything', async () => {
    const both = await cli(
      ['user', 'create', '--username', 'both', '--password', 'x', '--password-stdin', '--json'],
      'y\n',
    );
    expect(both.status).not.toBe(0);
    expect(both.stderr).toContain('--password and --password-stdin exclude each other');
    const empty = await cli(
      ['user', 'create', '--username', 'empty', '--password-stdin', '--json'],
      '',
    );
    expect(empty.status).not.toBe(0);
    expect(empty.stderr).toContain('--password-stdin read nothing from standard input');
    expect(
      await t.db.query("SELECT 1 FROM authkit_user WHERE username IN ('both', 'empty')"),
    ).toEqual([]);
  });

  it("app create --secret-stdin adopts a partner's secret, which then works for the app grant", async () => {
    const secret = 'a-partner-secret-from-stdin-0123456789';
    const created = await cli(
      ['app', 'create', '--name', 'adopted', '--app-id', '424242', '--secret-stdin', '--json'],
      `${secret}\n`,
    );
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({ app_id: 424242, app_secret: secret });
    const token = await request(`${t.baseUrl}/roomink/access_token`, {
      body: { app_id: 424242, app_secret: secret },
    });
    expect(token.status).toBe(200);
  });

  it('site create --secret-stdin adopts the secret a deployed site has', async () => {
    await factories(t.app).user({ username: 'site-owner', password: 'pw' });
    expect(
      (await cli(['team', 'create', '--name', 'stdin-team', '--user', 'site-owner', '--json'], ''))
        .status,
    ).toBe(0);
    const secret = '0123456789abcdef'.repeat(4);
    const created = await cli(
      [
        'site',
        'create',
        '--name',
        'stdin.example.com',
        '--team',
        'stdin-team',
        '--secret-stdin',
        '--json',
      ],
      `${secret}\n`,
    );
    expect([created.status, created.stderr]).toEqual([0, '']);
    const answer = await request(`${t.baseUrl}/api/method/jcloude.saas.api.hello`, {
      headers: { 'X-Site': 'stdin.example.com', 'X-Site-Token': secret },
    });
    expect(answer.status).toBe(200);
  });
});
