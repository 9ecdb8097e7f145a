import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  AuthCoreModule,
  Clock,
  HttpExceptionFilter,
  ManualClock,
  LoginThrottleModule,
  loginThrottleMigrations,
} from '@authkit/core';
import { DatabaseModule } from '@authkit/database';
import { identityEntities, identityMigrations, IdentityModule } from '@authkit/identity';
import {
  ApiAppService,
  CurrentTokenRealmPrincipal,
  type TokenRealmPrincipal,
  tokenRealmEntities,
  tokenRealmMigrations,
  TokenRealmModule,
  UseTokenRealmAuth,
} from '@authkit/token-realm';
import { request } from '../../../test/support/http';
import { createTestDatabase, hostSchema, TestDatabase } from '../../../test/support/test-database';
import { factories } from '../../../test/support/factories';
import { createHttpAdapter, httpPlatformFromEnv } from '../../../apps/demo/src/http-platform';

@Controller('api/v2/partners')
class PartnerController {
  @Get('whoami')
  @UseTokenRealmAuth('partners')
  whoami(@CurrentTokenRealmPrincipal() principal: TokenRealmPrincipal): {
    realm: string;
    user: string | null;
    app: number | null;
  } {
    return {
      realm: principal.realm,
      user: principal.user?.username ?? null,
      app: principal.app?.id ?? null,
    };
  }
}

/** A host app of its own (not the demo) mounting the module three times, once asynchronously. */
/**
 * The partners realm's reuse leeway. The race below must finish inside it: twenty refreshes
 * queue on one row lock, and CI on a loaded two-core machine once failed here with a one-second
 * leeway: the winner's token revoked, which is what a loser checking after the leeway does.
 */
const REUSE_LEEWAY_SECONDS = 3;

function hostModule(databaseUrl: string) {
  @Module({
    imports: [
      AuthCoreModule.forRoot({}),
      DatabaseModule.forRoot({
        databaseUrl,
        schema: hostSchema(),
        entities: [...identityEntities, ...tokenRealmEntities],
        migrations: [...identityMigrations, ...loginThrottleMigrations, ...tokenRealmMigrations],
      }),
      // Token endpoints are throttled: a host mounting them provides the limits.
      LoginThrottleModule.forRoot({
        perAddress: { limit: 1000, windowSeconds: 60 },
        perAccount: { limit: 1000, windowSeconds: 60 },
      }),
      IdentityModule.forRoot({}),
      TokenRealmModule.register({ realm: 'snipe', grants: ['password'] }),
      TokenRealmModule.register({ realm: 'roomink', grants: ['app'] }),
      TokenRealmModule.registerAsync({
        realm: 'partners',
        path: 'api/v2/partners',
        useFactory: async () => ({
          grants: ['password', 'app'],
          accessTokenTtlSeconds: 300,
          utcOffsetMinutes: 240,
          reuseLeewaySeconds: REUSE_LEEWAY_SECONDS,
        }),
      }),
    ],
    controllers: [PartnerController],
  })
  class HostModule {}
  return HostModule;
}

describe('token realm: a host app mounts the module any number of times', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let baseUrl: string;
  const clock = new ManualClock(new Date('2026-03-01T12:00:00Z'));

  beforeAll(async () => {
    db = await createTestDatabase('token_realm_host');
    const moduleRef = await Test.createTestingModule({ imports: [hostModule(db.url)] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    app = moduleRef.createNestApplication(
      createHttpAdapter(httpPlatformFromEnv(), {
        trustProxy: false,
        bodyLimit: '64kb',
        logRequests: false,
      }),
      { logger: ['error'] },
    );
    app.useGlobalFilters(new HttpExceptionFilter(app.get(HttpAdapterHost)));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    await factories(app).user({ username: 'partner-user', password: 'pw' });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const post = (path: string, body: unknown) =>
    request(`${baseUrl}${path}`, { method: 'POST', body });

  it('serves the third realm under its own path, with both grants, its lifetime and its UTC offset', async () => {
    const { app: registered, secret } = await app.get(ApiAppService).create('partner app');
    const byUser = await post('/api/v2/partners/access_token', {
      login: 'partner-user',
      password: 'pw',
    });
    expect(byUser.status).toBe(200);
    expect(byUser.body.expires_at).toBe('2026-03-01 16:05:00 +0400');
    const byApp = await post('/api/v2/partners/access_token', {
      app_id: registered.id,
      app_secret: secret,
    });
    expect(byApp.status).toBe(200);

    const whoami = (token: string) =>
      request(`${baseUrl}/api/v2/partners/whoami`, { headers: { 'X-Access-Token': token } });
    expect((await whoami(byUser.body.access_token)).body).toEqual({
      realm: 'partners',
      user: 'partner-user',
      app: null,
    });
    expect((await whoami(byApp.body.access_token)).body).toEqual({
      realm: 'partners',
      user: null,
      app: registered.id,
    });
  });

  it("keeps each realm's tokens to itself", async () => {
    const snipe = await post('/snipe/access_token', { login: 'partner-user', password: 'pw' });
    expect(snipe.status).toBe(200);
    const whoami = await request(`${baseUrl}/api/v2/partners/whoami`, {
      headers: { 'X-Access-Token': snipe.body.access_token },
    });
    expect(whoami.status).toBe(401);
  });

  it('with a reuse leeway, a token raced by its own client is refused without revoking the login', async () => {
    const { body } = await post('/api/v2/partners/access_token', {
      login: 'partner-user',
      password: 'pw',
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        post('/api/v2/partners/refresh_token', { refresh_token: body.refresh_token }),
      ),
    );
    const winners = results.filter((result) => result.status === 200);
    expect(winners).toHaveLength(1);
    const whoami = () =>
      request(`${baseUrl}/api/v2/partners/whoami`, {
        headers: { 'X-Access-Token': winners[0].body.access_token },
      });
    expect((await whoami()).status).toBe(200);
    // After the leeway (on the database's clock, which every instance shares), presenting the used token is reuse again.
    await new Promise((resolve) => setTimeout(resolve, REUSE_LEEWAY_SECONDS * 1000 + 100));
    expect(
      (await post('/api/v2/partners/refresh_token', { refresh_token: body.refresh_token })).status,
    ).toBe(401);
    expect((await whoami()).status).toBe(401);
  });
});
