import { randomBytes } from 'node:crypto';
import { DemoProcess, startDemoProcess } from '../support/demo-process';
import { expectApiError, HttpResult, request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { SiteAdminService } from '@authkit/saas-site';
import { factories } from '../support/factories';
import { REDIS_URL, redisAvailable } from '../support/redis';

/**
 * With REDIS_URL, two instances share the limits: attempts on one count on
 * the other. Runs where Redis answers (REDIS_URL, or 127.0.0.1:6379); CI sets
 * AUTHKIT_REQUIRE_REDIS=1, so there a missing Redis fails the run.
 */
const available = redisAvailable('the Redis rate-limit tests');

const LIMITS = {
  LOGIN_RATE_LIMIT_PER_ADDRESS: '4',
  LOGIN_RATE_LIMIT_PER_ACCOUNT: '3',
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: '60',
  TRUST_PROXY: 'loopback',
};
const JSON_UTF8 = 'application/json; charset=utf-8';
// Redis outlives a run: names and addresses of their own keep runs from sharing counters.
const run = randomBytes(4).toString('hex');
const [netA, netB] = randomBytes(2);
let nextAddress = 1;
const freshAddress = () => `10.${netA}.${netB}.${nextAddress++}`;

(available ? describe : describe.skip)('login rate limits shared through Redis', () => {
  let a: TestApp;
  let b: DemoProcess;

  beforeAll(async () => {
    a = await startTestApp({
      label: 'redis_limits',
      settings: { trustProxy: 'loopback' },
      env: { ...LIMITS, REDIS_URL },
    });
    a.clock.set(new Date());
    b = await startDemoProcess({ ...process.env, ...LIMITS, REDIS_URL, DATABASE_URL: a.db.url });
    await factories(a.app).user({
      username: `shared-${run}`,
      password: 'right-pw',
      direction: 'pharma',
      country: 'ru',
    });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.close();
  });

  const login = (baseUrl: string, username: string, address: string): Promise<HttpResult> =>
    request(`${baseUrl}/api/user/login`, {
      headers: { 'Content-Type': JSON_UTF8, country: 'ru', 'X-Forwarded-For': address },
      body: { username, password: 'guess', direction: 'pharma' },
    });

  it('counts an account (from one address) over both instances', async () => {
    const account = `shared-${run}`;
    const address = freshAddress();
    expect((await login(a.baseUrl, account, address)).status).toBe(401);
    expect((await login(b.baseUrl, account, address)).status).toBe(401);
    expect((await login(a.baseUrl, account, address)).status).toBe(401);
    const refused = await login(b.baseUrl, account, address);
    expectApiError(refused, 429, 'too_many_requests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts an address over both instances', async () => {
    const address = freshAddress();
    for (const [index, baseUrl] of [a.baseUrl, b.baseUrl, a.baseUrl, b.baseUrl].entries()) {
      expect((await login(baseUrl, `nobody-${run}-${index}`, address)).status).toBe(401);
    }
    expectApiError(await login(a.baseUrl, `nobody-${run}-last`, address), 429, 'too_many_requests');
  });

  it("counts a rate-limited site's requests in Redis over both instances (SPEC §8)", async () => {
    // Site ids start afresh in each run's database: one of this run's own keeps Redis counts apart.
    await a.db.query(
      `SELECT setval(pg_get_serial_sequence('saas_site', 'id'), ${randomBytes(3).readUIntBE(0, 3) + 1000})`,
    );
    // An hourly window, aligned to the clock: wait out the last seconds of an hour.
    const intoHour = Date.now() % 3_600_000;
    if (intoHour > 3_590_000) await new Promise((done) => setTimeout(done, 3_600_000 - intoHour));
    a.clock.set(new Date());
    await factories(a.app).user({ username: `site-owner-${run}` });
    await a.app.get(SiteAdminService).createTeam(`limited-${run}`, `site-owner-${run}`);
    const { secret } = await a.app
      .get(SiteAdminService)
      .createSite(`limited-${run}.example.com`, `limited-${run}`, undefined, undefined, '4/1h');
    const hello = (baseUrl: string) =>
      request(`${baseUrl}/api/method/jcloude.saas.api.hello`, {
        headers: { 'X-Site': `limited-${run}.example.com`, 'X-Site-Token': secret },
      });
    const remaining = [];
    for (const baseUrl of [a.baseUrl, a.baseUrl, b.baseUrl, b.baseUrl]) {
      const served = await hello(baseUrl);
      expect(served.status).toBe(200);
      remaining.push(served.headers.get('ratelimit')?.split(';')[1]);
      await new Promise((done) => setTimeout(done, 300));
    }
    expect(remaining).toEqual(['r=3', 'r=2', 'r=1', 'r=0']);
    expectApiError(await hello(a.baseUrl), 429, 'too_many_requests');
    expectApiError(await hello(b.baseUrl), 429, 'too_many_requests');
  });

  it('answers 503 rate_limiter_unavailable, not 500, when the Redis it was given cannot be reached', async () => {
    const broken = await startDemoProcess({
      ...process.env,
      ...LIMITS,
      REDIS_URL: 'redis://127.0.0.1:1',
      DATABASE_URL: a.db.url,
    });
    try {
      const result = await login(broken.baseUrl, `shared-${run}`, freshAddress());
      expectApiError(result, 503, 'rate_limiter_unavailable');
      expect(result.headers.get('retry-after')).toBe('1');
    } finally {
      await broken.stop();
    }
  });
});
