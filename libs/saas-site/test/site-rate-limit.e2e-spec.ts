import { Controller } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import {
  SaasContext,
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
class LimitedController {
  constructor(private readonly saas: SaasContext) {}

  @WhitelistSaasApi('whoami')
  whoami(): { message: string; limit: unknown } {
    return { message: this.saas.siteName, limit: this.saas.principal.rateLimit };
  }
}

/**
 * A site's own rate limit in a host of its own, whose login limits count in memory (a storage
 * that cannot add several hits at once: the limiter sends them one by one): the headers, the
 * 429, the next window; the principal carries the limit; the operator view shows it.
 */
describe('site key: a rate limit of its own', () => {
  let t: HostApp;
  let admin: SiteAdminService;
  let secret: string;
  const storage = new ThrottlerStorageService();

  beforeAll(async () => {
    t = await startHostApp({
      label: 'site_rate_limit_pkg',
      entities: saasSiteEntities,
      migrations: saasSiteMigrations,
      imports: [SaasSiteModule.forRoot({})],
      controllers: [LimitedController],
      throttle: { storage, credentialSyncMs: 20 },
    });
    admin = t.app.get(SiteAdminService);
    await factories(t.app).user({ username: 'limited-owner' });
    await admin.createTeam('limited-team', 'limited-owner');
    secret = (
      await admin.createSite('limited.example.com', 'limited-team', undefined, undefined, '3/1m')
    ).secret;
  });
  afterAll(async () => {
    await t.close();
    storage.onApplicationShutdown();
  });

  const whoami = () =>
    request(`${t.baseUrl}/api/method/whoami`, {
      headers: { 'X-Site': 'limited.example.com', 'X-Site-Token': secret },
    });

  it('refuses a malformed limit with a 400 and creates nothing', async () => {
    await expect(
      admin.createSite('bad.example.com', 'limited-team', undefined, undefined, '3 per minute'),
    ).rejects.toMatchObject({ status: 400 });
    await expect(admin.overview('bad.example.com')).rejects.toMatchObject({ status: 404 });
  });

  it('answers with the headers, then 429 with Retry-After, then serves again in the next window', async () => {
    const served = [await whoami(), await whoami(), await whoami()];
    expect(served.map((answer) => [answer.status, answer.headers.get('ratelimit')])).toEqual([
      [200, '"credential";r=2;t=60'],
      [200, '"credential";r=1;t=60'],
      [200, '"credential";r=0;t=60'],
    ]);
    expect(served[0].body).toEqual({
      message: 'limited.example.com',
      limit: { key: expect.stringMatching(/^site:\d+$/), limit: 3, windowSeconds: 60 },
    });
    const refused = await whoami();
    expectApiError(refused, 429, 'too_many_requests');
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('ratelimit-policy')).toBe('"credential";q=3;w=60');
    t.clock.advance(60_000);
    expect((await whoami()).status).toBe(200);
  });

  it('the operator view shows the limit', async () => {
    expect(await admin.overview('limited.example.com')).toMatchObject({
      scopes: null,
      rateLimit: { limit: 3, windowSeconds: 60 },
      graceEndsAt: null,
    });
  });
});
