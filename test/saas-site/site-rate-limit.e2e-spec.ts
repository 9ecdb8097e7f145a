import { AuthAudit } from '@authkit/core';
import { SiteAdminService } from '@authkit/saas-site';
import { recordStatements } from '../support/recorded-statements';
import { runCli } from '../support/demo-process';
import { factories } from '../support/factories';
import { request } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

const HELLO = '/api/method/jcloude.saas.api.hello';
const WRITE_PROBE = '/api/method/jcloude.saas.api.write_probe';
const MINT = '/api/method/jcloude.saas.api.auth.generate_access_token';

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

/**
 * SPEC §8's per-credential rate limits, for a site, from an outside client on two instances of
 * one database (clocks set alike): `site create --rate-limit 4/60s`; every answer to the site's
 * credentials (its token and the access tokens it mints, counted together) carries
 * `RateLimit-Policy` and `RateLimit`; past the limit, on either instance, 429 with
 * `Retry-After`; the next window serves again. A site without a limit gets no such headers.
 */
describe('site create --rate-limit: RateLimit headers, then 429, across instances', () => {
  let a: TestApp;
  let b: TestApp;
  let env: NodeJS.ProcessEnv;
  let limited: { name: string; token: string };
  let unlimitedSecret: string;

  beforeAll(async () => {
    a = await startTestApp({ label: 'site_rate_limit' });
    b = await startTestApp({ db: a.db });
    env = { ...process.env, DATABASE_URL: a.db.url };
    const given = factories(a.app);
    await given.user({ username: 'limited-owner' });
    unlimitedSecret = (await given.site('free.example.com', 'limited-owner', 'free-team')).secret;
    await runCli(['team', 'create', '--name', 'limited-team', '--user', 'limited-owner'], env);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const asSite = (instance: TestApp, path = HELLO, method: 'GET' | 'POST' = 'GET') =>
    request(`${instance.baseUrl}${path}`, {
      method,
      headers: { 'X-Site': limited.name, 'X-Site-Token': limited.token },
    });
  const limitHeaders = (answer: { headers: Headers }) => ({
    policy: answer.headers.get('ratelimit-policy'),
    state: answer.headers.get('ratelimit'),
  });

  it('refuses a malformed --rate-limit and changes nothing', async () => {
    for (const bad of ['4', '0/60s', '4/60x', '4/60s\u0007', '4/2d']) {
      const refused = await runCli(
        [
          'site',
          'create',
          '--name',
          'bad.example.com',
          '--team',
          'limited-team',
          '--rate-limit',
          bad,
        ],
        env,
      );
      expect([bad, refused.status]).toEqual([bad, 1]);
      expect(refused.stderr).toContain('rate limit must read N/Ws');
    }
    expect(await a.db.query("SELECT 1 FROM saas_site WHERE name = 'bad.example.com'")).toEqual([]);
  });

  it('the CLI sets the limit and shows it', async () => {
    const created = await runCli(
      [
        'site',
        'create',
        '--name',
        'limited.example.com',
        '--team',
        'limited-team',
        '--scope',
        'read',
        '--rate-limit',
        '4/1m',
        '--json',
      ],
      env,
    );
    expect(created.status).toBe(0);
    const answer = JSON.parse(created.stdout) as { name: string; token: string };
    expect(answer).toEqual({
      name: 'limited.example.com',
      token: expect.any(String),
      scopes: ['read'],
      rate_limit: '4/60s',
    });
    limited = answer;
  });

  it('every answer carries the headers; the count is shared by both credentials and both instances; then 429 with Retry-After', async () => {
    const minted = await asSite(a, MINT, 'POST');
    expect(minted.status).toBe(200);
    expect(limitHeaders(minted)).toEqual({
      policy: '"credential";q=4;w=60',
      state: '"credential";r=3;t=60',
    });
    const accessToken = (minted.body as { message: string }).message;

    // A refusal for a missing scope is an answer to the credential too: counted, with the headers.
    const noScope = await asSite(a, WRITE_PROBE);
    expect([noScope.status, limitHeaders(noScope).state]).toEqual([403, '"credential";r=2;t=60']);

    await settle();
    const onB = await request(`${b.baseUrl}${HELLO}`, {
      headers: { 'X-Site-Access-Token': accessToken },
    });
    expect([onB.status, limitHeaders(onB).state]).toEqual([200, '"credential";r=1;t=60']);

    a.clock.advance(15_000);
    b.clock.advance(15_000);
    const last = await asSite(a);
    expect([last.status, limitHeaders(last).state]).toEqual([200, '"credential";r=0;t=45']);

    for (const [label, instance] of [
      ['b', b],
      ['a', a],
    ] as const) {
      const refused = await asSite(instance);
      expect([label, refused.status, refused.body]).toEqual([
        label,
        429,
        expect.objectContaining({ statusCode: 429, code: 'too_many_requests' }),
      ]);
      expect(refused.headers.get('retry-after')).toBe('45');
      expect(limitHeaders(refused)).toEqual({
        policy: '"credential";q=4;w=60',
        state: '"credential";r=0;t=45',
      });
      expect(refused.text).not.toContain(limited.token);
      const tokenRefused = await request(`${instance.baseUrl}${HELLO}`, {
        headers: { 'X-Site-Access-Token': accessToken },
      });
      expect([label, tokenRefused.status]).toEqual([label, 429]);
    }

    // Another site is not touched, and carries no RateLimit headers (it has no limit).
    const free = await request(`${a.baseUrl}${HELLO}`, {
      headers: { 'X-Site': 'free.example.com', 'X-Site-Token': unlimitedSecret },
    });
    expect([free.status, limitHeaders(free)]).toEqual([200, { policy: null, state: null }]);

    // The next window serves again, on both.
    a.clock.advance(45_000);
    b.clock.advance(45_000);
    for (const instance of [a, b]) {
      const served = await asSite(instance);
      expect(served.status).toBe(200);
    }
  });

  it('a cached credential below half its limit costs no query per request: its hits go in batches', async () => {
    const { secret } = await a.app
      .get(SiteAdminService)
      .createSite('busy.example.com', 'limited-team', undefined, undefined, '1000/1h');
    const hello = () =>
      request(`${a.baseUrl}${HELLO}`, {
        headers: { 'X-Site': 'busy.example.com', 'X-Site-Token': secret },
      });
    expect((await hello()).status).toBe(200); // the first of the window reads the shared count
    const recording = recordStatements();
    try {
      for (let i = 0; i < 40; i++) expect((await hello()).status).toBe(200);
      await settle();
    } finally {
      recording.stop();
    }
    const seen = recording.statements.map((statement) => statement.text);
    const counted = seen.filter((text) => text.includes('authkit_login_counter'));
    // One batch every 100 ms at most, however many requests: never one per request.
    expect(counted.length).toBeGreaterThanOrEqual(1);
    expect(counted.length).toBeLessThan(10);
    expect(seen.filter((text) => /\bFROM\b[^;]*"saas_site"/.test(text))).toEqual([]);
    const remaining = (await hello()).headers.get('ratelimit');
    expect(remaining).toMatch(/^"credential";r=958;t=\d+$/);
  });

  it('audits a credential past its limit once per window and instance, not once per request', async () => {
    for (const instance of [a, b]) {
      await instance.app.get(AuthAudit).flush();
    }
    const rows = await a.db.query<{ reason: string; principal: string; count: string }>(
      `SELECT reason, principal, count(*) FROM auth_audit_log WHERE code = 'too_many_requests'
       GROUP BY reason, principal`,
    );
    expect(rows).toEqual([
      { reason: 'throttled', principal: expect.stringMatching(/^site:\d+$/), count: '2' },
    ]);
  });
});
