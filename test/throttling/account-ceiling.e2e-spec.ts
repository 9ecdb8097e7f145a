import { randomBytes } from 'node:crypto';
import { startDemoProcess, type DemoProcess } from '../support/demo-process';
import { expectApiError, type HttpResult, request } from '../support/http';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * SPEC §0's account-wide ceiling, against a distributed guesser: a new client
 * address for every request, spread over two instances (Express and Fastify)
 * on one database, with no Redis, and over every password endpoint that names
 * the account. The counters live in PostgreSQL, so both instances count each
 * other's attempts. The default limits apply: 100 an hour per account from
 * every address together, 10 a minute per account and address, IPv6 by /64.
 */
const JSON_UTF8 = 'application/json; charset=utf-8';
const LIMITS = {
  LOGIN_RATE_LIMIT_PER_ADDRESS: '60',
  LOGIN_RATE_LIMIT_PER_ACCOUNT: '10',
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: '60',
  TRUST_PROXY: 'loopback',
};
const run = randomBytes(2).toString('hex');
let next = 1;
/** An IPv4 address never used before in this file. */
const freshAddress = () => `10.${Math.floor(next / 250) % 250}.${next % 250}.${(next++ % 200) + 1}`;

describe('the account-wide ceiling, shared by two instances through PostgreSQL', () => {
  let a: TestApp;
  let b: DemoProcess;
  let instances: string[];

  beforeAll(async () => {
    a = await startTestApp({
      label: 'account_ceiling',
      platform: 'express',
      settings: { trustProxy: 'loopback' },
      env: LIMITS,
    });
    // B runs on the system clock: A's is set to the same time, so both count in one window.
    a.clock.set(new Date());
    b = await startDemoProcess({
      ...process.env,
      ...LIMITS,
      HTTP_PLATFORM: 'fastify',
      REDIS_URL: '',
      DATABASE_URL: a.db.url,
    });
    instances = [a.baseUrl, b.baseUrl];
    const given = factories(a.app);
    for (const username of ['owner', 'snipe-owner', 'shared', 'v6-user']) {
      await given.user({
        username: `${username}-${run}`,
        password: 'right-password',
        direction: 'pharma',
        country: 'ru',
      });
    }
  });
  afterAll(async () => {
    await b?.stop();
    await a?.close();
  });

  /** The password login of the password-bearer scheme. */
  const passwordLogin = (
    base: string,
    username: string,
    password: string,
    address: string,
  ): Promise<HttpResult> =>
    request(`${base}/api/user/login`, {
      headers: { 'Content-Type': JSON_UTF8, country: 'ru', 'X-Forwarded-For': address },
      body: { username, password, direction: 'pharma' },
    });
  /** The password grant of the `snipe` token realm: the same account, through another endpoint. */
  const realmLogin = (
    base: string,
    username: string,
    password: string,
    address: string,
  ): Promise<HttpResult> =>
    request(`${base}/snipe/access_token`, {
      headers: { 'Content-Type': JSON_UTF8, 'X-Forwarded-For': address },
      body: { login: username, password },
    });

  it("refuses the 101st failure within the hour from a new address, whichever instance, endpoint or spelling, but not the owner's known address", async () => {
    const account = `owner-${run}`;
    const home = freshAddress();
    expect((await passwordLogin(a.baseUrl, account, 'right-password', home)).status).toBe(200);

    const spellings = [
      account,
      account.toUpperCase(),
      ` ${account}`.trim(),
      account.replace('o', 'O'),
    ];
    for (let attempt = 0; attempt < 100; attempt++) {
      const base = instances[attempt % 2];
      const name = spellings[attempt % spellings.length];
      const result =
        attempt % 3 === 0
          ? await realmLogin(base, name, `guess-${attempt}`, freshAddress())
          : await passwordLogin(base, name, `guess-${attempt}`, freshAddress());
      expect([attempt, result.status]).toEqual([attempt, 401]);
    }

    for (const base of instances) {
      const refused = await passwordLogin(base, account, 'guess-101', freshAddress());
      expectApiError(refused, 429, 'too_many_requests');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
      // Past the ceiling, even the right password from a new address waits: the guesser cannot tell.
      expect((await passwordLogin(base, account, 'right-password', freshAddress())).status).toBe(
        429,
      );
      expect((await realmLogin(base, account, 'right-password', freshAddress())).status).toBe(429);
    }

    // The owner's address keeps its own allowance, on both instances and endpoints.
    expect((await passwordLogin(a.baseUrl, account, 'right-password', home)).status).toBe(200);
    expect((await passwordLogin(b.baseUrl, account, 'right-password', home)).status).toBe(200);
    expect((await realmLogin(b.baseUrl, account, 'right-password', home)).status).toBe(200);
    // Other accounts are untouched.
    expect(
      (await passwordLogin(b.baseUrl, `snipe-owner-${run}`, 'right-password', freshAddress()))
        .status,
    ).toBe(200);
  });

  it('counts one account and address over both instances: no instance grants its own 10', async () => {
    const address = freshAddress();
    for (let attempt = 0; attempt < 10; attempt++) {
      expect(
        (await passwordLogin(instances[attempt % 2], `shared-${run}`, 'wrong', address)).status,
      ).toBe(401);
    }
    for (const base of instances)
      expectApiError(
        await passwordLogin(base, `shared-${run}`, 'right-password', address),
        429,
        'too_many_requests',
      );
  });

  it('counts IPv6 clients by their /64: a new address in the same network is the same client', async () => {
    const network = `2001:db8:${run}:${randomBytes(2).toString('hex')}`;
    const addressIn = (host: number) => `${network}:${host.toString(16)}:0:0:1`;
    for (let host = 1; host <= 10; host++) {
      expect(
        (await passwordLogin(instances[host % 2], `v6-user-${run}`, 'wrong', addressIn(host)))
          .status,
      ).toBe(401);
    }
    for (const base of instances)
      expectApiError(
        await passwordLogin(base, `v6-user-${run}`, 'right-password', addressIn(99)),
        429,
        'too_many_requests',
      );
    // The neighbouring /64 is another client.
    const neighbour = `2001:db8:${run}:${(parseInt(network.split(':')[3], 16) ^ 1).toString(16)}::1`;
    expect(
      (await passwordLogin(a.baseUrl, `v6-user-${run}`, 'right-password', neighbour)).status,
    ).toBe(200);
  });
});
