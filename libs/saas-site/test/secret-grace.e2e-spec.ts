import { Controller } from '@nestjs/common';
import {
  SaasContext,
  SaasSitePurgeJob,
  saasSiteEntities,
  saasSiteMigrations,
  SaasSiteModule,
  SiteAdminService,
  WhitelistSaasApi,
} from '@authkit/saas-site';
import { expectApiError, request } from '../../../test/support/http';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { factories } from '../../../test/support/factories';

@Controller('api/method')
class SiteNameController {
  constructor(private readonly saas: SaasContext) {}

  @WhitelistSaasApi('whoami')
  whoami(): { message: string } {
    return { message: this.saas.siteName };
  }
}

const TEN_MINUTES = 10 * 60 * 1000;

/**
 * `SiteAdminService.rotateSiteToken(name, graceMs)` in a host of its own, on a manual clock:
 * the previous secret and the access tokens it minted hold strictly until the window ends,
 * cached or not; a second rotation or a leak ends the window at once; the purge job closes it.
 */
describe('site key: rotation with a grace window', () => {
  let t: HostApp;
  let admin: SiteAdminService;
  const site = 'rotating.example.com';
  let secret: string;

  beforeAll(async () => {
    t = await startHostApp({
      label: 'site_grace',
      entities: saasSiteEntities,
      migrations: saasSiteMigrations,
      imports: [SaasSiteModule.forRoot({ accessTokenTtlSeconds: 3600 })],
      controllers: [SiteNameController],
    });
    admin = t.app.get(SiteAdminService);
    await factories(t.app).user({ username: 'rotating-owner' });
    await admin.createTeam('rotating-team', 'rotating-owner');
    secret = (await admin.createSite(site, 'rotating-team')).secret;
  });
  afterAll(() => t.close());

  const bySecret = (token: string) =>
    request(`${t.baseUrl}/api/method/whoami`, {
      headers: { 'X-Site': site, 'X-Site-Token': token },
    });
  const byAccessToken = (token: string) =>
    request(`${t.baseUrl}/api/method/whoami`, { headers: { 'X-Site-Access-Token': token } });
  const mint = async (token: string): Promise<string> => {
    const minted = await request(
      `${t.baseUrl}/api/method/jcloude.saas.api.auth.generate_access_token`,
      {
        method: 'POST',
        headers: { 'X-Site': site, 'X-Site-Token': token },
      },
    );
    expect(minted.status).toBe(200);
    return minted.body.message;
  };
  /** Each probe's status, twice: the second answer comes from the credential cache. */
  const statuses = async (probes: Array<() => Promise<{ status: number }>>) => {
    const seen: number[] = [];
    for (let pass = 0; pass < 2; pass++)
      for (const probe of probes) seen.push((await probe()).status);
    return seen;
  };

  it('holds the previous secret and what it minted until the window ends, then only the new one', async () => {
    const before = await mint(secret);
    const rotated = await admin.rotateSiteToken(site, TEN_MINUTES);
    expect(rotated.graceEndsAt).toEqual(new Date(t.clock.now().getTime() + TEN_MINUTES));
    const during = await mint(secret);
    const fresh = await mint(rotated.secret);
    const old = [() => bySecret(secret), () => byAccessToken(before), () => byAccessToken(during)];
    const current = [() => bySecret(rotated.secret), () => byAccessToken(fresh)];
    expect(await statuses([...old, ...current])).toEqual(Array(10).fill(200));

    t.clock.advance(TEN_MINUTES - 1);
    expect(await statuses(old)).toEqual(Array(6).fill(200));
    t.clock.advance(1);
    for (const probe of old) expectApiError(await probe(), 401, 'invalid_credentials');
    expect(await statuses(current)).toEqual(Array(4).fill(200));

    // The purge job closes the window (the hash and the tokens go); only once.
    expect(await t.app.get(SaasSitePurgeJob).runOnce()).toBeGreaterThanOrEqual(1);
    expect(await admin.closeEndedGraceWindows()).toEqual([]);
    const [row] = await t.db.query<{ previous: string | null; ends: Date | null }>(
      `SELECT previous_secret_hash AS previous, grace_ends_at AS ends FROM saas_site WHERE name = $1`,
      [site],
    );
    expect(row).toEqual({ previous: null, ends: null });
    secret = rotated.secret;
  });

  it('a rotation without a window ends the old secret and its access tokens at once', async () => {
    const token = await mint(secret);
    expect(await statuses([() => bySecret(secret), () => byAccessToken(token)])).toEqual([
      200, 200, 200, 200,
    ]);
    const rotated = await admin.rotateSiteToken(site);
    expect(rotated.graceEndsAt).toBeNull();
    expect((await bySecret(secret)).status).toBe(401);
    expect((await byAccessToken(token)).status).toBe(401);
    secret = rotated.secret;
  });

  it('a second rotation during a window ends the first window’s secret at once', async () => {
    const first = await admin.rotateSiteToken(site, TEN_MINUTES);
    const second = await admin.rotateSiteToken(site, TEN_MINUTES);
    expect((await bySecret(secret)).status).toBe(401);
    expect((await bySecret(first.secret)).status).toBe(200);
    expect((await bySecret(second.secret)).status).toBe(200);
    secret = second.secret;

    // A leaked previous secret ends its window at once; the current one goes on.
    expect(await admin.revokeLeakedSiteToken(first.secret)).toBe(site);
    expect((await bySecret(first.secret)).status).toBe(401);
    expect((await bySecret(secret)).status).toBe(200);
  });
});
