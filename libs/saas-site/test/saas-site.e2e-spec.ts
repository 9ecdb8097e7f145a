import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SaasSitePurgeJob, SiteAdminService } from '@authkit/saas-site';
import { expectApiError, HttpResult, request } from '../../../test/support/http';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { factories } from '../../../test/support/factories';
import { Controller, Injectable } from '@nestjs/common';
import {
  SaasContext,
  saasSiteEntities,
  saasSiteMigrations,
  SaasSiteModule,
  WhitelistSaasApi,
} from '@authkit/saas-site';

/**
 * A provider of the host's, several calls away from the controller, that reads
 * the request's site and team from the context, as Frappe code reads
 * `frappe.local`: nobody hands it the request.
 */
@Injectable()
class SiteGreeter {
  constructor(private readonly saas: SaasContext) {}

  greeting(): string {
    return `👋 Hi! ${this.saas.siteName} is authenticated`;
  }

  async siteInfo(): Promise<{ name: string; status: string; team: string }> {
    await new Promise((resolve) => setImmediate(resolve)); // yield: other requests run in between
    const site = this.saas.getSite();
    return { name: site.name, status: site.status, team: this.saas.teamName };
  }

  async teamInfo(): Promise<{ name: string; user: string }> {
    await new Promise((resolve) => setImmediate(resolve));
    const team = this.saas.getTeam();
    return { name: team.name, user: this.saas.user.username };
  }
}

/** The host's whitelisted methods: GET and POST each, as Frappe's. */
@Controller('api/method')
class SiteApiController {
  constructor(private readonly greeter: SiteGreeter) {}

  @WhitelistSaasApi('jcloude.saas.api.hello')
  hello(): { message: string } {
    return { message: this.greeter.greeting() };
  }

  @WhitelistSaasApi('jcloude.saas.api.site.info')
  async siteInfo(): Promise<{ message: unknown }> {
    return { message: await this.greeter.siteInfo() };
  }

  @WhitelistSaasApi('jcloude.saas.api.team.info')
  async teamInfo(): Promise<{ message: unknown }> {
    return { message: await this.greeter.teamInfo() };
  }
}

const API = '/api/method/jcloude.saas.api';
const FIFTEEN_MINUTES = 15 * 60 * 1000;

describe('site key: SaaS site authentication and @WhitelistSaasApi', () => {
  let t: HostApp;
  let admin: SiteAdminService;
  let siteA: { name: string; token: string };
  let siteB: { name: string; token: string };

  beforeAll(async () => {
    t = await startHostApp({
      label: 'saas',
      now: new Date('2026-01-01T00:00:00Z'),
      entities: saasSiteEntities,
      migrations: saasSiteMigrations,
      imports: [SaasSiteModule.forRoot({})],
      controllers: [SiteApiController],
      providers: [SiteGreeter],
    });
    admin = t.app.get(SiteAdminService);
    const given = factories(t.app);
    await given.user({ username: 'owner-a@example.com', password: 'pw-a' });
    await given.user({ username: 'owner-b@example.com', password: 'pw-b' });
    await admin.createTeam('team-a', 'owner-a@example.com');
    await admin.createTeam('team-b', 'owner-b@example.com');
    siteA = await createSite('oka-hdz-qpj.tanmoy.fc.jingrow.dev', 'team-a');
    siteB = await createSite('site-b.example.com', 'team-b');
  });
  afterAll(() => t.close());

  async function createSite(name: string, team: string): Promise<{ name: string; token: string }> {
    const { site, secret } = await admin.createSite(name, team);
    return { name: site.name, token: secret };
  }

  const siteHeaders = (site: { name: string; token: string }) => ({
    'x-site': site.name,
    'x-site-token': site.token,
  });

  async function mint(site: { name: string; token: string }): Promise<string> {
    const result = await request(`${t.baseUrl}${API}.auth.generate_access_token`, {
      method: 'POST',
      headers: siteHeaders(site),
    });
    expect(result.status).toBe(200);
    return result.body.message;
  }

  function expectUniform401(result: HttpResult): void {
    expectApiError(result, 401, 'invalid_credentials');
    expect(result.body.message).toBe('Invalid or missing site credentials');
  }

  describe('the seed', () => {
    it("answers the seed's curl (lowercase headers, POST without a body) with {message: '<id>:<secret>'}", async () => {
      const result = await request(`${t.baseUrl}${API}.auth.generate_access_token`, {
        method: 'POST',
        headers: { 'x-site': siteA.name, 'x-site-token': siteA.token },
      });
      expect(result.status).toBe(200);
      expect(Object.keys(result.body)).toEqual(['message']);
      expect(result.body.message).toMatch(/^[a-z0-9]{10}:[0-9a-f]{32,}$/);
    });

    it('greets the site on GET and POST hello, with the site token', async () => {
      for (const method of ['GET', 'POST']) {
        const result = await request(`${t.baseUrl}${API}.hello`, {
          method,
          headers: siteHeaders(siteA),
        });
        expect(result.status).toBe(200);
        expect(result.body).toEqual({ message: `👋 Hi! ${siteA.name} is authenticated` });
      }
    });

    it('one whitelisted handler answers GET and POST; other methods are 405 with Allow', async () => {
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const refused = await request(`${t.baseUrl}${API}.hello`, {
          method,
          headers: siteHeaders(siteA),
        });
        expectApiError(refused, 405, 'method_not_allowed');
        expect(refused.headers.get('allow')).toBe('GET, POST');
      }
    });

    it('greets the site with an access token in X-Site-Access-Token', async () => {
      const token = await mint(siteB);
      const result = await request(`${t.baseUrl}${API}.hello`, {
        headers: { 'X-Site-Access-Token': token },
      });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ message: `👋 Hi! ${siteB.name} is authenticated` });
    });
  });

  describe('the context', () => {
    it("site.info and team.info read the site, team and team's user from the context", async () => {
      const site = await request(`${t.baseUrl}${API}.site.info`, { headers: siteHeaders(siteA) });
      expect(site.body).toEqual({
        message: { name: siteA.name, status: 'active', team: 'team-a' },
      });
      const team = await request(`${t.baseUrl}${API}.team.info`, {
        method: 'POST',
        headers: siteHeaders(siteA),
      });
      expect(team.body).toEqual({ message: { name: 'team-a', user: 'owner-a@example.com' } });
    });

    it('never mixes the contexts of concurrent requests for different sites', async () => {
      const tokenB = await mint(siteB);
      const calls = Array.from({ length: 40 }, (_, i) => {
        const useA = i % 2 === 0;
        const headers: Record<string, string> = useA
          ? siteHeaders(siteA)
          : { 'x-site-access-token': tokenB };
        const path = i % 4 < 2 ? 'site.info' : 'team.info';
        return request(`${t.baseUrl}${API}.${path}`, { headers }).then((result) => ({
          useA,
          path,
          result,
        }));
      });
      for (const { useA, path, result } of await Promise.all(calls)) {
        expect(result.status).toBe(200);
        const expected =
          path === 'site.info'
            ? {
                name: useA ? siteA.name : siteB.name,
                status: 'active',
                team: useA ? 'team-a' : 'team-b',
              }
            : {
                name: useA ? 'team-a' : 'team-b',
                user: useA ? 'owner-a@example.com' : 'owner-b@example.com',
              };
        expect(result.body.message).toEqual(expected);
      }
    });
  });

  describe('one indistinguishable answer for every missing, partial, wrong or unknown credential', () => {
    const cases: Array<[string, () => Record<string, string>]> = [
      ['no credentials', () => ({})],
      ['X-Site alone', () => ({ 'x-site': siteA.name })],
      ['X-Site-Token alone', () => ({ 'x-site-token': siteA.token })],
      ['empty headers', () => ({ 'x-site': '', 'x-site-token': '', 'x-site-access-token': '' })],
      [
        'a wrong token for a real site',
        () => ({ 'x-site': siteA.name, 'x-site-token': siteB.token }),
      ],
      [
        'an unknown site with a well-formed token',
        () => ({ 'x-site': 'nobody.example.com', 'x-site-token': siteA.token }),
      ],
      [
        'a mistyped token (checksum)',
        () => ({
          'x-site': siteA.name,
          'x-site-token': siteA.token.slice(0, -1) + (siteA.token.endsWith('a') ? 'b' : 'a'),
        }),
      ],
      ['garbage', () => ({ 'x-site': siteA.name, 'x-site-token': '"; DROP TABLE saas_site; --' })],
      ['a huge header', () => ({ 'x-site': 'x'.repeat(8000), 'x-site-token': 'y'.repeat(8000) })],
      ['a malformed access token', () => ({ 'x-site-access-token': 'not-a-token' })],
      [
        'an access token with an unknown id',
        () => ({ 'x-site-access-token': `zzzzzzzzzz:${'0'.repeat(64)}00000000` }),
      ],
    ];

    it.each(cases)('%s → 401', async (_label, headers) => {
      const result = await request(`${t.baseUrl}${API}.hello`, { headers: headers() });
      expectUniform401(result);
    });

    it('a tampered access token secret → 401', async () => {
      const token = await mint(siteA);
      const [id, secret] = token.split(':');
      const flippedSecret = secret.slice(0, 3) + (secret[3] === '0' ? '1' : '0') + secret.slice(4);
      expectUniform401(
        await request(`${t.baseUrl}${API}.hello`, {
          headers: { 'x-site-access-token': `${id}:${flippedSecret}` },
        }),
      );
      const otherId = id.slice(0, 9) + (id[9] === 'a' ? 'b' : 'a');
      expectUniform401(
        await request(`${t.baseUrl}${API}.hello`, {
          headers: { 'x-site-access-token': `${otherId}:${secret}` },
        }),
      );
    });

    it('the unknown-site answer equals the wrong-token answer byte for byte', async () => {
      const unknown = await request(`${t.baseUrl}${API}.hello`, {
        headers: { 'x-site': 'ghost', 'x-site-token': siteA.token },
      });
      const wrong = await request(`${t.baseUrl}${API}.hello`, {
        headers: { 'x-site': siteA.name, 'x-site-token': siteB.token },
      });
      expect(unknown.text).toBe(wrong.text);
      expect(unknown.headers.get('www-authenticate')).toBe(wrong.headers.get('www-authenticate'));
    });
  });

  describe('access tokens', () => {
    it('cannot mint new access tokens (403), so a leaked one cannot renew itself', async () => {
      const token = await mint(siteA);
      const result = await request(`${t.baseUrl}${API}.auth.generate_access_token`, {
        method: 'POST',
        headers: { 'x-site-access-token': token },
      });
      expectApiError(result, 403, 'site_token_required');
    });

    it('expire after 15 minutes by the server clock, checked on every use', async () => {
      const token = await mint(siteA);
      const headers = { 'x-site-access-token': token };
      t.clock.advance(FIFTEEN_MINUTES - 1000);
      expect((await request(`${t.baseUrl}${API}.hello`, { headers })).status).toBe(200);
      t.clock.advance(1000);
      expectUniform401(await request(`${t.baseUrl}${API}.hello`, { headers }));
    });

    it('are purged in batches once expired, and only then', async () => {
      const purge = t.app.get(SaasSitePurgeJob);
      await purge.runOnce();
      await mint(siteA);
      await mint(siteA);
      t.clock.advance(10 * 60 * 1000);
      const fresh = await mint(siteA);
      expect(await purge.runOnce()).toBe(0);
      t.clock.advance(6 * 60 * 1000); // the first two are now 16 minutes old, the last one 6
      expect(await purge.runOnce()).toBe(2);
      expect(
        (await request(`${t.baseUrl}${API}.hello`, { headers: { 'x-site-access-token': fresh } }))
          .status,
      ).toBe(200);
    });
  });

  describe('secrets at rest', () => {
    it('stores neither site secrets nor access-token secrets in plain text', async () => {
      const token = await mint(siteA);
      const [, secret] = token.split(':');
      const dump = JSON.stringify([
        ...(await t.db.query('SELECT * FROM saas_site')),
        ...(await t.db.query('SELECT * FROM saas_site_access_token')),
      ]);
      expect(dump).not.toContain(siteA.token);
      expect(dump).not.toContain(siteB.token);
      expect(dump).not.toContain(secret);
      const [row] = await t.db.query<{ secret_hash: string }>(
        'SELECT secret_hash FROM saas_site WHERE name = $1',
        [siteA.name],
      );
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('site lifecycle', () => {
    it('rotation refuses the old secret and the access tokens it minted, and accepts the new one', async () => {
      const site = await createSite('rotating.example.com', 'team-a');
      const accessToken = await mint(site);
      const { secret } = await admin.rotateSiteToken(site.name);
      expectUniform401(await request(`${t.baseUrl}${API}.hello`, { headers: siteHeaders(site) }));
      expectUniform401(
        await request(`${t.baseUrl}${API}.hello`, {
          headers: { 'x-site-access-token': accessToken },
        }),
      );
      const fresh = await request(`${t.baseUrl}${API}.hello`, {
        headers: siteHeaders({ name: site.name, token: secret }),
      });
      expect(fresh.status).toBe(200);
    });

    it('suspension answers 403 to both credential forms, but 401 to a wrong secret', async () => {
      const site = await createSite('suspended.example.com', 'team-b');
      const accessToken = await mint(site);
      await admin.setStatus(site.name, 'suspended');
      expectApiError(
        await request(`${t.baseUrl}${API}.hello`, { headers: siteHeaders(site) }),
        403,
        'site_suspended',
      );
      expectApiError(
        await request(`${t.baseUrl}${API}.hello`, {
          headers: { 'x-site-access-token': accessToken },
        }),
        403,
        'site_suspended',
      );
      expectUniform401(
        await request(`${t.baseUrl}${API}.hello`, {
          headers: { 'x-site': site.name, 'x-site-token': siteA.token },
        }),
      );
      await admin.setStatus(site.name, 'active');
      expect(
        (await request(`${t.baseUrl}${API}.hello`, { headers: siteHeaders(site) })).status,
      ).toBe(200);
    });
  });
});

describe("site key: the API document's curl command, verbatim but for the host", () => {
  let t: HostApp;

  beforeAll(async () => {
    t = await startHostApp({
      label: 'saas_curl',
      now: new Date('2026-01-01T00:00:00Z'),
      entities: saasSiteEntities,
      migrations: saasSiteMigrations,
      imports: [SaasSiteModule.forRoot({})],
      controllers: [SiteApiController],
      providers: [SiteGreeter],
    });
    await factories(t.app).user({ username: 'tanmoy@example.com', password: 'pw' });
    const admin = t.app.get(SiteAdminService);
    await admin.createTeam('tanmoy', 'tanmoy@example.com');
    // The site's existing secret, adopted as `site create --token` does for a migration.
    await admin.createSite(
      'oka-hdz-qpj.tanmoy.fc.jingrow.dev',
      'tanmoy',
      '004f85a3ae93927d2f0fcc668d11cb71',
    );
  });
  afterAll(() => t.close());

  it('answers {"message": "<id>:<secret>"} and the minted token works', async () => {
    // Asynchronously: the app answers from this same process.
    const { stdout: output } = await promisify(execFile)('curl', [
      '--silent',
      '--location',
      '--request',
      'POST',
      `${t.baseUrl}/api/method/jcloude.saas.api.auth.generate_access_token`,
      '--header',
      'x-site: oka-hdz-qpj.tanmoy.fc.jingrow.dev',
      '--header',
      'x-site-token: 004f85a3ae93927d2f0fcc668d11cb71',
    ]);
    const body = JSON.parse(output);
    expect(body.message).toMatch(/^[a-z0-9]{10}:[0-9a-f]{32,}$/);
    const hello = await request(`${t.baseUrl}${API}.hello`, {
      headers: { 'X-Site-Access-Token': body.message },
    });
    expect(hello.body).toEqual({
      message: '👋 Hi! oka-hdz-qpj.tanmoy.fc.jingrow.dev is authenticated',
    });
  });

  it('refuses to import a weak secret', async () => {
    await expect(
      t.app.get(SiteAdminService).createSite('weak.example.com', 'tanmoy', 'short'),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});
