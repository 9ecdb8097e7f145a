import { AuthAudit } from '@authkit/core';
import { SiteAdminService } from '@authkit/saas-site';
import { runCli, startDemoProcess, type DemoProcess } from '../support/demo-process';
import { factories } from '../support/factories';
import { request } from '../support/http';
import { startTestApp, TestApp, UNTHROTTLED_ENV } from '../support/test-app';

const HELLO = '/api/method/jcloude.saas.api.hello';
const MINT = '/api/method/jcloude.saas.api.auth.generate_access_token';
const GRACE_SECONDS = 8;

/**
 * SPEC §8's rotation with a grace window, for a site's secret, from outside clients on two
 * instances: during the window the old secret (and the access tokens it mints) and the new one
 * both work; once it ends, only the new one, on every instance within 1 s (A on a manual clock
 * set to the wall clock, B a separate demo process on the system clock). Without --grace the
 * old secret ends at once, as before; the audit records the rotation and the window's end.
 */
describe('site rotate-token --grace: the old secret works until the window ends', () => {
  let a: TestApp;
  let b: DemoProcess;
  let env: NodeJS.ProcessEnv;
  const site = 'grace.example.com';
  let firstSecret: string;
  let siteId: number;

  beforeAll(async () => {
    a = await startTestApp({ label: 'rotation_grace' });
    a.clock.set(new Date());
    env = { ...process.env, ...UNTHROTTLED_ENV, DATABASE_URL: a.db.url };
    b = await startDemoProcess({ ...env, MASTER_SECRET: process.env.MASTER_SECRET });
    const given = factories(a.app);
    await given.user({ username: 'grace-owner' });
    ({ secret: firstSecret, siteId } = await given.site(site, 'grace-owner', 'grace-team'));
  });
  afterAll(async () => {
    await b?.stop();
    await a?.close();
  });

  const withSecret = (baseUrl: string, secret: string) =>
    request(`${baseUrl}${HELLO}`, { headers: { 'X-Site': site, 'X-Site-Token': secret } });
  const withAccessToken = (baseUrl: string, token: string) =>
    request(`${baseUrl}${HELLO}`, { headers: { 'X-Site-Access-Token': token } });
  const mint = async (baseUrl: string, secret: string) => {
    const minted = await request(`${baseUrl}${MINT}`, {
      method: 'POST',
      headers: { 'X-Site': site, 'X-Site-Token': secret },
    });
    expect(minted.status).toBe(200);
    return (minted.body as { message: string }).message;
  };
  const rotate = async (...extra: string[]) => {
    const rotated = await runCli(['site', 'rotate-token', '--name', site, ...extra, '--json'], env);
    return { ...rotated, answer: rotated.status === 0 ? JSON.parse(rotated.stdout) : null };
  };
  /** Every probe's status, on both instances, twice (the second answer from the cache). */
  const statusesOf = async (probes: Array<(baseUrl: string) => Promise<{ status: number }>>) => {
    const statuses: number[] = [];
    for (const baseUrl of [a.baseUrl, b.baseUrl, a.baseUrl, b.baseUrl])
      for (const probe of probes) statuses.push((await probe(baseUrl)).status);
    return statuses;
  };

  it('refuses a malformed or too long --grace with a clear error, and changes nothing', async () => {
    for (const grace of ['10x', '8d', '-1m', '1.5h', '10 m']) {
      const refused = await rotate('--grace', grace);
      expect([grace, refused.status]).toEqual([grace, 1]);
      expect(refused.stderr).toContain('grace must be a duration');
    }
    expect((await withSecret(a.baseUrl, firstSecret)).status).toBe(200);
  });

  it('during the window both secrets work on both instances, with their access tokens; after it only the new one, everywhere within 1 s', async () => {
    const oldToken = await mint(a.baseUrl, firstSecret);
    const rotated = await rotate('--grace', `${GRACE_SECONDS}s`);
    expect(rotated.answer).toEqual({
      name: site,
      token: expect.stringMatching(/^site_/),
      grace_ends_at: expect.any(String),
    });
    const newSecret: string = rotated.answer.token;
    const endsAt = new Date(rotated.answer.grace_ends_at as string).getTime();
    expect(endsAt).toBeGreaterThan(Date.now());

    // The old secret still mints, during the window; what it mints ends with the window.
    const mintedDuringGrace = await mint(b.baseUrl, firstSecret);
    const newToken = await mint(a.baseUrl, newSecret);
    const old = [
      (url: string) => withSecret(url, firstSecret),
      (url: string) => withAccessToken(url, oldToken),
      (url: string) => withAccessToken(url, mintedDuringGrace),
    ];
    const current = [
      (url: string) => withSecret(url, newSecret),
      (url: string) => withAccessToken(url, newToken),
    ];
    expect(await statusesOf([...old, ...current])).toEqual(Array(20).fill(200));
    expect(Date.now()).toBeLessThan(endsAt);

    // The window ends: A (its clock moved to the wall clock's) refuses at once, cache or not.
    await new Promise((done) => setTimeout(done, Math.max(0, endsAt - Date.now())));
    a.clock.set(new Date(Math.max(Date.now(), endsAt)));
    for (const probe of old) expect((await probe(a.baseUrl)).status).toBe(401);
    // B, on the system clock, within 1 s of the end (its cached entries end with the window).
    for (const probe of old) {
      for (;;) {
        const status = (await probe(b.baseUrl)).status;
        if (status === 401) break;
        expect(Date.now()).toBeLessThan(endsAt + 1000);
        await new Promise((done) => setTimeout(done, 50));
      }
    }
    a.clock.set(new Date());
    expect(await statusesOf(current)).toEqual(Array(8).fill(200));
    // Refused like any wrong secret: the uniform 401, and nothing of the secret in it.
    const refused = await withSecret(b.baseUrl, firstSecret);
    expect(refused.body).toEqual(expect.objectContaining({ statusCode: 401 }));
    expect(refused.text).not.toContain(firstSecret);
    firstSecret = newSecret;
  });

  it('the sweep closes the ended window once, and the audit records the rotation and the end', async () => {
    const admin = a.app.get(SiteAdminService);
    a.clock.set(new Date());
    expect(await admin.closeEndedGraceWindows()).toEqual([site]);
    expect(await admin.closeEndedGraceWindows()).toEqual([]);
    const audit = a.app.get(AuthAudit);
    await audit.flush();
    const rows = await a.db.query<{ scheme: string; principal: string; reason: string }>(
      `SELECT scheme, principal, reason FROM auth_audit_log WHERE scheme = 'admin:site rotate-token' ORDER BY id`,
    );
    // The rotation happened in the CLI's process, which wrote its own row.
    expect(rows).toEqual([
      expect.objectContaining({
        principal: `site:${siteId}`,
        reason: expect.stringMatching(/^rotated, grace until \d{4}-/),
      }),
      expect.objectContaining({ principal: `site:${siteId}`, reason: 'grace window ended' }),
    ]);
  });

  it('without --grace the old secret and its access tokens end at once, on both instances', async () => {
    const oldToken = await mint(a.baseUrl, firstSecret);
    // Cached on both instances first.
    expect(
      await statusesOf([
        (url) => withSecret(url, firstSecret),
        (url) => withAccessToken(url, oldToken),
      ]),
    ).toEqual(Array(8).fill(200));
    const rotated = await rotate();
    expect(rotated.answer).toEqual({ name: site, token: expect.stringMatching(/^site_/) });
    for (const probe of [
      (url: string) => withSecret(url, firstSecret),
      (url: string) => withAccessToken(url, oldToken),
    ]) {
      expect((await probe(a.baseUrl)).status).toBe(401);
      const started = Date.now();
      while ((await probe(b.baseUrl)).status !== 401) {
        expect(Date.now() - started).toBeLessThan(1000);
        await new Promise((done) => setTimeout(done, 50));
      }
    }
    expect((await withSecret(b.baseUrl, rotated.answer.token)).status).toBe(200);
    firstSecret = rotated.answer.token;
  });

  it('a leaked previous secret ends its window at once (token revoke-leaked); the new one goes on', async () => {
    const rotated = await rotate('--grace', '1h');
    const newSecret: string = rotated.answer.token;
    expect((await withSecret(b.baseUrl, firstSecret)).status).toBe(200);
    const leaked = await runCli(['token', 'revoke-leaked', firstSecret, '--json'], env);
    expect(JSON.parse(leaked.stdout)).toEqual({
      type: 'site_token',
      revoked: true,
      owner: site,
    });
    expect((await withSecret(a.baseUrl, firstSecret)).status).toBe(401);
    const started = Date.now();
    while ((await withSecret(b.baseUrl, firstSecret)).status !== 401) {
      expect(Date.now() - started).toBeLessThan(1000);
      await new Promise((done) => setTimeout(done, 50));
    }
    expect((await withSecret(a.baseUrl, newSecret)).status).toBe(200);
    expect((await withSecret(b.baseUrl, newSecret)).status).toBe(200);
  });
});
