import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DemoProcess,
  EmbeddedServerProcess,
  runCli,
  startDemoProcess,
  startEmbeddedServer,
  waitForHealth,
} from '../support/demo-process';
import { HttpResult, request } from '../support/http';
import { UNTHROTTLED_ENV } from '../support/test-app';

/**
 * The database goes away under a running demo and comes back: an embedded
 * PostgreSQL of this file's own (the run's shared server stays up for the
 * other files) is stopped and started again on the same port. Meanwhile every
 * guarded route answers 503 with its scheme's "unavailable" code (not 401, not
 * 500), even for credentials it had cached; afterwards the app recovers alone.
 */
describe('database outage', () => {
  let dataDir: string;
  let server: EmbeddedServerProcess;
  let demo: DemoProcess;
  let env: NodeJS.ProcessEnv;
  let probes: Array<{
    name: string;
    send: () => Promise<HttpResult>;
    unavailable: (result: HttpResult) => void;
  }>;

  const expectCommonUnavailable = (result: HttpResult) => {
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ statusCode: 503, code: 'database_unavailable' });
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'authkit-outage-'));
    server = await startEmbeddedServer(dataDir);
    env = { ...process.env, ...UNTHROTTLED_ENV, DATABASE_URL: server.url };
    demo = await startDemoProcess(env);
    const cli = async (...args: string[]) => {
      const result = await runCli([...args, '--json'], env);
      expect(result.status).toBe(0);
      return JSON.parse(result.stdout);
    };
    await cli(
      'user',
      'create',
      '--username',
      'olga',
      '--password',
      'pw',
      '--direction',
      'pharma',
      '--country',
      'ru',
    );
    await cli('team', 'create', '--name', 'outage-team', '--user', 'olga');
    const site = await cli(
      'site',
      'create',
      '--name',
      'outage.example.com',
      '--team',
      'outage-team',
    );

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      request(`${demo.baseUrl}${path}`, { headers, body });
    const login = await post(
      '/api/user/login',
      { username: 'olga', password: 'pw', direction: 'pharma' },
      { 'Content-Type': 'application/json; charset=utf-8', country: 'ru' },
    );
    const snipe = await post('/snipe/access_token', { login: 'olga', password: 'pw' });
    const rpc = await post('/jsonrpc', {
      jsonrpc: '2.0',
      id: 1,
      method: 'Core.login',
      params: { username: 'olga', password: 'pw' },
    });
    const jwt = await post(
      '/grpc',
      {
        method: 'axxonsoft.bl.auth.AuthenticationService.AuthenticateEx',
        data: { user_name: 'olga', password: 'pw' },
      },
      { Authorization: `Basic ${Buffer.from('olga:pw').toString('base64')}` },
    );
    const get = (path: string, headers: Record<string, string>) => () =>
      request(`${demo.baseUrl}${path}`, { headers });
    probes = [
      {
        name: 'site token',
        send: get('/api/method/jcloude.saas.api.hello', {
          'X-Site': 'outage.example.com',
          'X-Site-Token': site.token,
        }),
        unavailable: expectCommonUnavailable,
      },
      {
        name: 'login Bearer',
        send: get('/api/user/me', { Authorization: `Bearer ${login.body.access_token}` }),
        unavailable: expectCommonUnavailable,
      },
      {
        name: 'JSON-RPC session',
        send: get('/jsonrpc/me', { Authorization: `Bearer ${rpc.body.result.token}` }),
        unavailable: expectCommonUnavailable,
      },
      {
        name: 'X-Access-Token',
        send: get('/snipe/me', { 'X-Access-Token': snipe.body.access_token }),
        unavailable: expectCommonUnavailable,
      },
      {
        name: 'session JWT',
        send: get('/grpc/whoami', { Authorization: `Bearer ${jwt.body.token_value}` }),
        unavailable: (result) => {
          expect(result.status).toBe(503);
          expect(result.body).toEqual({ error_code: 'UNAVAILABLE', message: expect.any(String) });
        },
      },
    ];
  });

  afterAll(async () => {
    await demo?.stop();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves every scheme while the database is up (so each credential is cached)', async () => {
    for (const probe of probes)
      expect({ name: probe.name, status: (await probe.send()).status }).toEqual({
        name: probe.name,
        status: 200,
      });
  });

  it('answers 503 with a clear code while the database is down, then recovers by itself when it is back', async () => {
    await server.stop();
    // Wait until the app has noticed (its revocation listener's connection drops with the server).
    const deadline = Date.now() + 10_000;
    while ((await request(`${demo.baseUrl}/health`)).status !== 503 && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 100));

    const health = await request(`${demo.baseUrl}/health`);
    expectCommonUnavailable(health);
    for (const probe of probes) {
      const result = await probe.send();
      probe.unavailable(result);
      expect(result.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
    }
    const login = await request(`${demo.baseUrl}/api/user/login`, {
      headers: { 'Content-Type': 'application/json; charset=utf-8', country: 'ru' },
      body: { username: 'olga', password: 'pw', direction: 'pharma' },
    });
    expectCommonUnavailable(login);

    server = await startEmbeddedServer(dataDir);
    await waitForHealth(`${demo.baseUrl}/health`, 30_000);
    for (const probe of probes)
      expect({ name: probe.name, status: (await probe.send()).status }).toEqual({
        name: probe.name,
        status: 200,
      });
  });
});
