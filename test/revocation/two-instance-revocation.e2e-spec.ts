import { UserService } from '@authkit/identity';
import Redis from 'ioredis';
import { SiteAdminService } from '@authkit/saas-site';
import { SigningKeyService } from '@authkit/session-jwt';
import { jsonRpc, call } from '../support/jsonrpc-client';
import { DemoProcess, startDemoProcess } from '../support/demo-process';
import { HttpResult, request } from '../support/http';
import { startTestApp, TestApp, UNTHROTTLED_ENV } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { pgBouncerAvailable, startPgBouncer } from '../support/pgbouncer';
import { REDIS_URL, redisAvailable } from '../support/redis';
import { factories } from '../support/factories';

/**
 * Two instances of the demo on one database, each with its own credential
 * cache: A runs in this process (its services revoke), B is the built demo
 * in a process of its own. A revocation made through A must be refused by A
 * at once and by B within a second, though B had the credential cached. Run
 * in two topologies: straight to PostgreSQL (revocations over LISTEN/NOTIFY),
 * and through PgBouncer in transaction pooling with REDIS_URL (revocations
 * over Redis pub/sub, as LISTEN cannot work there).
 */
const AUTH = 'axxonsoft.bl.auth.AuthenticationService';
const JSON_UTF8 = 'application/json; charset=utf-8';
const REVOCATION_DEADLINE_MS = 1000;

type Probe = (baseUrl: string) => Promise<HttpResult>;

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

interface Topology {
  /** Where both instances connect, and the environment that makes them use it. */
  connect(
    db: TestDatabase,
  ): Promise<{ databaseUrl: string; env: Record<string, string>; stop(): Promise<void> }>;
  /** What shows the instances use the topology's channel for revocations. */
  listeners(db: TestDatabase): Promise<number>;
}

const direct: Topology = {
  connect: async (db) => ({ databaseUrl: db.url, env: {}, stop: async () => undefined }),
  // Each instance's LISTEN connection last ran LISTEN or its heartbeat; a pooled one never ran LISTEN.
  listeners: async (db) => {
    const rows = await db.query<{ listeners: string }>(
      `SELECT count(*) AS listeners FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query IN ('LISTEN authkit_revocation', 'SELECT 1')`,
    );
    return Number(rows[0].listeners);
  },
};

const throughPgBouncerWithRedis: Topology = {
  connect: async (db) => {
    const bouncer = await startPgBouncer(db.url);
    return { databaseUrl: bouncer.through(db.url), env: { REDIS_URL }, stop: () => bouncer.stop() };
  },
  // Subscribers of the revocation channel on Redis (other runs' instances may add to it: at least these two).
  listeners: async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true });
    try {
      await redis.connect();
      const [, subscribers] = (await redis.pubsub('NUMSUB', 'authkit_revocation')) as [
        string,
        number,
      ];
      return subscribers;
    } finally {
      redis.disconnect();
    }
  },
};

const bouncerReady =
  pgBouncerAvailable('revocation through PgBouncer and Redis') &&
  redisAvailable('revocation through PgBouncer and Redis');

describeRevocation('revocation reaches every instance (LISTEN/NOTIFY, direct connections)', direct);
if (bouncerReady)
  describeRevocation(
    'revocation reaches every instance (Redis pub/sub, PgBouncer in transaction pooling)',
    throughPgBouncerWithRedis,
  );
else
  describe.skip('revocation reaches every instance (Redis pub/sub, PgBouncer in transaction pooling): needs PgBouncer and Redis', () =>
    it('is skipped', () => undefined));

function describeRevocation(title: string, topology: Topology): void {
  describe(title, () => revocationSuite(topology));
}

function revocationSuite(topology: Topology): void {
  let a: TestApp;
  let b: DemoProcess;
  let db: TestDatabase;
  let connection: Awaited<ReturnType<Topology['connect']>>;
  let users: UserService;
  let given: ReturnType<typeof factories>;
  let sites: SiteAdminService;

  beforeAll(async () => {
    db = await createTestDatabase('two_instances');
    connection = await topology.connect(db);
    a = await startTestApp({ db, databaseUrl: connection.databaseUrl, env: connection.env });
    // B runs on the system clock: A's clock is set to the same time, so both judge expiry alike.
    a.clock.set(new Date());
    b = await startDemoProcess({
      ...process.env,
      ...UNTHROTTLED_ENV,
      ...connection.env,
      DATABASE_URL: connection.databaseUrl,
      MASTER_SECRET: process.env.MASTER_SECRET,
    });
    users = a.app.get(UserService);
    given = factories(a.app);
    sites = a.app.get(SiteAdminService);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.close();
    await connection?.stop();
    await db?.drop();
  });

  /** Asserts the probe passes on both instances (twice, so the second answer comes from the cache). */
  async function expectAcceptedByBoth(probe: Probe): Promise<void> {
    for (const instance of [a.baseUrl, b.baseUrl, a.baseUrl, b.baseUrl])
      expect((await probe(instance)).status).toBe(200);
  }

  /** A refuses at once; B within the deadline. Returns B's refusal. */
  async function expectRefusedByBoth(probe: Probe, status: number): Promise<HttpResult> {
    expect((await probe(a.baseUrl)).status).toBe(status);
    const started = Date.now();
    for (;;) {
      const result = await probe(b.baseUrl);
      if (result.status !== 200) {
        expect(result.status).toBe(status);
        expect(Date.now() - started).toBeLessThan(REVOCATION_DEADLINE_MS);
        return result;
      }
      if (Date.now() - started > REVOCATION_DEADLINE_MS)
        throw new Error(`instance B still accepted after ${REVOCATION_DEADLINE_MS} ms`);
      await new Promise((done) => setTimeout(done, 20));
    }
  }

  async function createUser(username: string): Promise<void> {
    await given.user({ username, password: `${username}-pw`, direction: 'pharma', country: 'ru' });
  }

  async function passwordLoginProbe(username: string): Promise<Probe> {
    const login = await request(`${b.baseUrl}/api/user/login`, {
      headers: { 'Content-Type': JSON_UTF8, country: 'ru' },
      body: { username, password: `${username}-pw`, direction: 'pharma' },
    });
    expect(login.status).toBe(200);
    return (baseUrl) =>
      request(`${baseUrl}/api/user/me`, {
        headers: { Authorization: `Bearer ${login.body.access_token}` },
      });
  }

  async function snipeLogin(
    username: string,
  ): Promise<{ access_token: string; refresh_token: string }> {
    const result = await request(`${b.baseUrl}/snipe/access_token`, {
      body: { login: username, password: `${username}-pw` },
    });
    expect(result.status).toBe(200);
    return result.body;
  }

  const snipeProbe =
    (accessToken: string): Probe =>
    (baseUrl) =>
      request(`${baseUrl}/snipe/me`, { headers: { 'X-Access-Token': accessToken } });

  async function sessionJwt(username: string): Promise<string> {
    const result = await request(`${b.baseUrl}/grpc`, {
      headers: { Authorization: basic(username, `${username}-pw`) },
      body: {
        method: `${AUTH}.AuthenticateEx`,
        data: { user_name: username, password: `${username}-pw` },
      },
    });
    expect(result.status).toBe(200);
    return result.body.token_value;
  }

  const jwtProbe =
    (jwt: string): Probe =>
    (baseUrl) =>
      request(`${baseUrl}/grpc/whoami`, { headers: { Authorization: `Bearer ${jwt}` } });

  async function partnerSessionProbe(username: string): Promise<Probe> {
    const result = await jsonRpc(
      b.baseUrl,
      call('Core.login', { username, password: `${username}-pw` }),
    );
    expect(result.body.result).toEqual({ token: expect.any(String) });
    return (baseUrl) =>
      request(`${baseUrl}/jsonrpc/me`, {
        headers: { Authorization: `Bearer ${result.body.result.token}` },
      });
  }

  async function siteProbe(siteName: string, owner: string): Promise<Probe> {
    await createUser(owner);
    const { secret } = await factories(a.app).site(siteName, owner);
    return (baseUrl) =>
      request(`${baseUrl}/api/method/jcloude.saas.api.hello`, {
        headers: { 'X-Site': siteName, 'X-Site-Token': secret },
      });
  }

  it('both instances listen for revocations on the channel of the topology', async () => {
    expect(await topology.listeners(db)).toBeGreaterThanOrEqual(2);
  });

  it('serves verified credentials from its cache: a change behind the library (plain SQL, no notice) goes unseen', async () => {
    await createUser('cached');
    const probe = await passwordLoginProbe('cached');
    await expectAcceptedByBoth(probe);
    await a.db.query(`DELETE FROM "password_login_token"`);
    // Still served from both caches; this is why every revocation goes through the RevocationBus.
    expect((await probe(a.baseUrl)).status).toBe(200);
    expect((await probe(b.baseUrl)).status).toBe(200);
  });

  it('closing a JWT session (scheme 5) on A refuses its tokens on B', async () => {
    await createUser('closer');
    const jwt = await sessionJwt('closer');
    await expectAcceptedByBoth(jwtProbe(jwt));
    const closed = await request(`${a.baseUrl}/grpc`, {
      headers: { Authorization: `Bearer ${jwt}` },
      body: { method: `${AUTH}.CloseSession`, data: {} },
    });
    expect(closed.body).toEqual({ error_code: 'OK' });
    await expectRefusedByBoth(jwtProbe(jwt), 401);
  });

  it('reusing a refresh token (scheme 4) on A revokes the family on B', async () => {
    await createUser('reuser');
    const first = await snipeLogin('reuser');
    await expectAcceptedByBoth(snipeProbe(first.access_token));
    const refresh = () =>
      request(`${a.baseUrl}/snipe/refresh_token`, { body: { refresh_token: first.refresh_token } });
    const second = await refresh();
    expect(second.status).toBe(200);
    await expectAcceptedByBoth(snipeProbe(second.body.access_token));
    expect((await refresh()).status).toBe(401);
    await expectRefusedByBoth(snipeProbe(first.access_token), 401);
    await expectRefusedByBoth(snipeProbe(second.body.access_token), 401);
  });

  it('rotating a site token (scheme 1) on A refuses the old token on B', async () => {
    const probe = await siteProbe('rotated.example.com', 'rotator');
    await expectAcceptedByBoth(probe);
    await sites.rotateSiteToken('rotated.example.com');
    await expectRefusedByBoth(probe, 401);
  });

  it('a site access token (scheme 1) cached on B is refused once its site token is rotated on A', async () => {
    await createUser('minter');
    const { secret } = await factories(a.app).site('minted.example.com', 'minter', 'minted-team');
    const generated = await request(
      `${b.baseUrl}/api/method/jcloude.saas.api.auth.generate_access_token`,
      {
        method: 'POST',
        headers: { 'X-Site': 'minted.example.com', 'X-Site-Token': secret },
      },
    );
    expect(generated.status).toBe(200);
    const probe: Probe = (baseUrl) =>
      request(`${baseUrl}/api/method/jcloude.saas.api.hello`, {
        headers: { 'X-Site-Access-Token': generated.body.message },
      });
    await expectAcceptedByBoth(probe);
    await sites.rotateSiteToken('minted.example.com');
    await expectRefusedByBoth(probe, 401);
  });

  it('suspending a site (scheme 1) on A gets 403 on B', async () => {
    const probe = await siteProbe('suspended.example.com', 'suspender');
    await expectAcceptedByBoth(probe);
    await sites.setStatus('suspended.example.com', 'suspended');
    await expectRefusedByBoth(probe, 403);
  });

  it("disabling a user on A ends every scheme's credentials of that user on B", async () => {
    await createUser('dana');
    const probes = [
      await passwordLoginProbe('dana'),
      snipeProbe((await snipeLogin('dana')).access_token),
      jwtProbe(await sessionJwt('dana')),
      await partnerSessionProbe('dana'),
    ];
    for (const probe of probes) await expectAcceptedByBoth(probe);
    await users.setEnabled('dana', false);
    for (const probe of probes) await expectRefusedByBoth(probe, 401);
    // For good: re-enabling the user brings none of them back.
    await users.setEnabled('dana', true);
    for (const probe of probes)
      for (const instance of [a.baseUrl, b.baseUrl])
        expect((await probe(instance)).status).toBe(401);
  });

  it("disabling a site's team user on A refuses the site on B (requests would run as that user)", async () => {
    const probe = await siteProbe('orphaned.example.com', 'team-owner');
    await expectAcceptedByBoth(probe);
    await users.setEnabled('team-owner', false);
    const refused = await expectRefusedByBoth(probe, 403);
    expect(refused.body.code).toBe('account_disabled');
  });

  it('retiring a signing key (scheme 5) on A refuses its tokens on B within a second: B reloads its key ring on the notice', async () => {
    await createUser('keyholder');
    const jwt = await sessionJwt('keyholder');
    await expectAcceptedByBoth(jwtProbe(jwt));
    const keys = a.app.get(SigningKeyService);
    const kid = JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()).kid;
    await keys.rotate();
    await keys.retire(kid);
    await expectRefusedByBoth(jwtProbe(jwt), 401);
    // A token signed by B after the retirement uses the new key, and both accept it.
    await expectAcceptedByBoth(jwtProbe(await sessionJwt('keyholder')));
  });
}
