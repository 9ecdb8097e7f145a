import '../support/with-bench-routes';
import { mintCredentials } from '../../bench/credentials';
import { guardedRoutes } from '../../bench/loads';
import { generateToken } from '@authkit/core/internal';
import { request } from '../support/http';
import { factories } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/** One sample of Prometheus' text format: `name{label="value",...} number`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g))
      labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

const sum = (samples: Sample[]) => samples.reduce((total, sample) => total + sample.value, 0);

/**
 * SPEC §8's metrics from an outside client: `GET /metrics` in Prometheus text, recorded through
 * OpenTelemetry as every scheme accepts and refuses (each refusal with its reason), logs in and
 * revokes; `METRICS=off` removes the route.
 */
describe('GET /metrics (Prometheus, through OpenTelemetry)', () => {
  let t: TestApp;
  const scrape = async () => {
    const answer = await request(`${t.baseUrl}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return parsePrometheus(answer.text);
  };

  beforeAll(async () => {
    t = await startTestApp({ label: 'metrics' });
  });
  afterAll(() => t?.close());

  it('counts every scheme’s verifications by outcome and reason, times them by cache hit and miss, and counts logins, revocations and the cache', async () => {
    const given = factories(t.app);
    await given.user({
      username: 'metered',
      password: 'metered-password',
      direction: 'pharma',
      country: 'ru',
    });
    const { secret } = await given.site('metered.example.com', 'metered');
    const app = await given.app('metered-app');
    const credentials = await mintCredentials(t.baseUrl, {
      userId: 0,
      username: 'metered',
      password: 'metered-password',
      direction: 'pharma',
      siteName: 'metered.example.com',
      siteToken: secret,
      limitedSiteName: 'metered.example.com',
      limitedSiteToken: secret,
      appId: app.id,
      appSecret: app.secret,
      apiCode: '',
      apiCodeSecret: '',
    });
    const routes = guardedRoutes(credentials).filter((route) => !route.rateLimited);
    // Twice each: the first reads the database, the second the cache.
    for (const route of [...routes, ...routes]) {
      const answer = await request(`${t.baseUrl}${route.path}`, { headers: route.headers });
      expect({ route: route.name, status: answer.status }).toEqual({
        route: route.name,
        status: 200,
      });
    }
    const wrongLogin = await request(`${t.baseUrl}/api/user/login`, {
      headers: { 'content-type': 'application/json; charset=utf-8', country: 'ru' },
      body: { username: 'metered', password: 'wrong', direction: 'pharma' },
    });
    expect(wrongLogin.status).toBe(401);
    // Refusals: no credential, a malformed one, an unknown one; then, a year on, every expiring one.
    for (const route of routes) {
      expect((await request(`${t.baseUrl}${route.path}`)).status).toBe(401);
    }
    expect(
      (await request(`${t.baseUrl}/api/user/me`, { headers: { Authorization: 'Bearer nope' } }))
        .status,
    ).toBe(401);
    // Well formed (its checksum holds), but never issued.
    const forged = generateToken(credentials.loginToken.split('_')[0]);
    expect(
      (
        await request(`${t.baseUrl}/api/user/me`, {
          headers: { Authorization: `Bearer ${forged}` },
        })
      ).status,
    ).toBe(401);
    const before = await scrape();
    t.clock.advance(400 * 24 * 3600 * 1000);
    for (const route of routes.filter((route) => !route.name.includes('site token'))) {
      const answer = await request(`${t.baseUrl}${route.path}`, { headers: route.headers });
      expect({ route: route.name, status: answer.status }).toEqual({
        route: route.name,
        status: 401,
      });
    }
    const samples = await scrape();
    const series = (name: string, labels: Record<string, string> = {}) =>
      samples.filter(
        (sample) =>
          sample.name === name &&
          Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
      );

    const accepted = series('authkit_verifications_total', { outcome: 'accepted' });
    expect(accepted.map((sample) => sample.labels.scheme).sort()).toEqual([
      'partner-session',
      'password-login-bearer',
      'saas-site-access-token',
      'saas-site-token',
      // Minting the session JWT: its AuthenticateEx call's Basic credentials.
      'session-jwt-basic',
      'session-jwt-bearer',
      'token-realm:roomink',
      'token-realm:snipe',
    ]);
    // Every route's two requests at least.
    const routeSchemes = accepted.filter((sample) => sample.labels.scheme !== 'session-jwt-basic');
    for (const sample of routeSchemes) expect(sample.value).toBeGreaterThanOrEqual(2);

    const refused = (reason: string) =>
      series('authkit_verifications_total', { outcome: 'refused', reason });
    expect(refused('missing').length).toBe(routes.length - 1); // the site's two routes share a guard
    expect(sum(refused('missing'))).toBe(routes.length);
    expect(
      series('authkit_verifications_total', {
        reason: 'malformed',
        scheme: 'password-login-bearer',
      }),
    ).toEqual([expect.objectContaining({ value: 1 })]);
    expect(
      series('authkit_verifications_total', { reason: 'unknown', scheme: 'password-login-bearer' }),
    ).toEqual([expect.objectContaining({ value: 1 })]);
    expect(
      refused('expired')
        .map((sample) => sample.labels.scheme)
        .sort(),
    ).toEqual([
      'partner-session',
      'password-login-bearer',
      'saas-site-token|saas-site-access-token',
      'session-jwt-bearer',
      'token-realm:roomink',
      'token-realm:snipe',
    ]);
    expect(
      series('authkit_verifications_total', { outcome: 'refused' }).every(
        (sample) => sample.labels.reason !== undefined,
      ),
    ).toBe(true);

    // The histogram: a miss and a hit for every scheme that accepted, in seconds.
    const counts = series('authkit_verification_duration_seconds_count');
    for (const scheme of routeSchemes.map((sample) => sample.labels.scheme)) {
      expect(
        series('authkit_verification_duration_seconds_count', { scheme, cache: 'hit' }).length,
      ).toBe(1);
      expect(
        series('authkit_verification_duration_seconds_count', { scheme, cache: 'miss' }).length,
      ).toBe(1);
    }
    const seconds = sum(series('authkit_verification_duration_seconds_sum'));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds / sum(counts)).toBeLessThan(1);
    expect(series('authkit_verification_duration_seconds_bucket', { le: '+Inf' }).length).toBe(
      counts.length,
    );

    expect(
      sum(series('authkit_logins_total', { scheme: 'login:/api/user/login', outcome: 'success' })),
    ).toBe(1);
    expect(
      series('authkit_logins_total', {
        scheme: 'login:/api/user/login',
        outcome: 'failure',
        reason: 'unknown',
      }),
    ).toEqual([expect.objectContaining({ value: 1 })]);
    // The cache held what the first round verified (the site token still serves a year on).
    expect(series('authkit_credential_cache_entries', {})[0]?.value).toBeGreaterThan(0);
    expect(
      before.some(
        (sample) => sample.name === 'authkit_credential_cache_entries' && sample.value >= 7,
      ),
    ).toBe(true);

    // A revocation is counted.
    const revocations = () => sum(series('authkit_revocations_total'));
    const revokedBefore = revocations();
    const rpc = (body: object, headers: Record<string, string> = {}) =>
      request(`${t.baseUrl}/jsonrpc`, { headers, body: { jsonrpc: '2.0', id: 1, ...body } });
    const session = await rpc({
      method: 'Core.login',
      params: { username: 'metered', password: 'metered-password' },
    });
    const token = (session.body as { result: { token: string } }).result.token;
    expect(typeof token).toBe('string');
    const logout = await rpc(
      { method: 'Core.logout', params: {} },
      { Authorization: `Bearer ${token}` },
    );
    expect(logout.body).toEqual({ jsonrpc: '2.0', id: 1, result: expect.anything() });
    const after = parsePrometheus((await request(`${t.baseUrl}/metrics`)).text);
    expect(
      sum(after.filter((sample) => sample.name === 'authkit_revocations_total')),
    ).toBeGreaterThan(revokedBefore);
  });

  it('never carries a credential or a label of the client’s choosing', async () => {
    const text = (await request(`${t.baseUrl}/metrics`)).text;
    expect(text).not.toMatch(/login_[A-Za-z0-9]{20,}/);
    expect(text).not.toContain('metered.example.com');
    expect(text).not.toContain('nope');
  });

  it('METRICS=off removes the route', async () => {
    const off = await startTestApp({ label: 'metrics_off', env: { METRICS: 'off' } });
    try {
      expect((await request(`${off.baseUrl}/metrics`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
