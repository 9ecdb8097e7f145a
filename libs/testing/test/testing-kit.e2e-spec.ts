import { Controller, Get } from '@nestjs/common';
import { AuthContext, UserStore } from '@authkit/core';
import { UserService } from '@authkit/identity';
import {
  partnerLoginEntities,
  partnerLoginMigrations,
  PartnerLoginModule,
  UsePartnerSessionAuth,
} from '@authkit/partner-login';
import {
  CurrentPasswordLoginPrincipal,
  type PasswordLoginPrincipal,
  PasswordLoginAuthGuard,
  passwordLoginEntities,
  passwordLoginMigrations,
  PasswordLoginModule,
  UsePasswordLoginAuth,
} from '@authkit/password-login';
import {
  type SaasPrincipal,
  saasSiteEntities,
  saasSiteMigrations,
  SaasSiteModule,
  SiteAdminService,
  WhitelistSaasApi,
  CurrentSaasSitePrincipal,
} from '@authkit/saas-site';
import {
  sessionJwtEntities,
  sessionJwtMigrations,
  SessionJwtModule,
  UseSessionJwtAuth,
} from '@authkit/session-jwt';
import {
  tokenRealmEntities,
  tokenRealmMigrations,
  TokenRealmModule,
  UseTokenRealmAuth,
} from '@authkit/token-realm';
import { acceptAs, AuthkitTesting } from '@authkit/testing';
import { factories } from '../../../test/support/factories';
import { type HostApp, startHostApp } from '../../../test/support/host-app';
import { request } from '../../../test/support/http';

const MASTER_SECRET = 'a host master secret, thirty-two bytes or more';

/** A host's routes, one per mechanism, each answering whom the request runs as (from the request context). */
@Controller('who')
class WhoController {
  constructor(private readonly context: AuthContext) {}

  private answer() {
    const principal = this.context.requirePrincipal<{ username: string }>();
    return { scheme: principal.scheme, user: principal.user?.username };
  }

  @Get('login')
  @UsePasswordLoginAuth()
  login(@CurrentPasswordLoginPrincipal() principal: PasswordLoginPrincipal) {
    return { ...this.answer(), handler: principal.user.username };
  }

  @Get('partner')
  @UsePartnerSessionAuth()
  partner() {
    return this.answer();
  }

  @Get('realm')
  @UseTokenRealmAuth('kit')
  realm() {
    return this.answer();
  }

  @Get('session')
  @UseSessionJwtAuth()
  session() {
    return this.answer();
  }

  @Get('site')
  @WhitelistSaasApi()
  site(@CurrentSaasSitePrincipal() principal: SaasPrincipal) {
    return { ...this.answer(), site: principal.siteName };
  }
}

const modules = [
  PasswordLoginModule.forRoot({}),
  PartnerLoginModule.forRoot({ masterSecret: MASTER_SECRET }),
  TokenRealmModule.register({ realm: 'kit', grants: ['password'] }),
  SessionJwtModule.forRoot({ masterSecret: MASTER_SECRET }),
  SaasSiteModule.forRoot({}),
];
const persistence = {
  entities: [
    ...passwordLoginEntities,
    ...partnerLoginEntities,
    ...tokenRealmEntities,
    ...sessionJwtEntities,
    ...saasSiteEntities,
  ],
  migrations: [
    ...passwordLoginMigrations,
    ...partnerLoginMigrations,
    ...tokenRealmMigrations,
    ...sessionJwtMigrations,
    ...saasSiteMigrations,
  ],
};

/**
 * @authkit/testing in a host's own e2e test: a working credential of every mounted mechanism
 * for a user (or a site), as headers, with no login round trip; credentials that are real
 * (they expire and are revoked like a login's); and `acceptAs` standing in for a guard.
 */
describe('@authkit/testing', () => {
  let host: HostApp;
  let kit: AuthkitTesting;
  let userId: string;

  beforeAll(async () => {
    host = await startHostApp({
      label: 'testing_kit',
      ...persistence,
      imports: modules,
      controllers: [WhoController],
    });
    const given = factories(host.app);
    userId = String((await given.user({ username: 'tess' })).id);
    await given.site('tess.example.com', 'tess');
    kit = AuthkitTesting.for(host.app);
  });
  afterAll(() => host?.close());

  const who = (path: string, headers: Record<string, string>) =>
    request(`${host.baseUrl}/who/${path}`, {
      headers,
    });

  it('issues headers of every mounted mechanism for a user, by id or as the UserStore’s user', async () => {
    const user = await host.app.get(UserStore).findById(userId);
    const cases: Array<[string, Parameters<AuthkitTesting['headersFor']>[0], string]> = [
      ['login', 'password-login', 'password-login-bearer'],
      ['partner', 'partner-login', 'partner-session'],
      ['realm', 'token-realm:kit', 'token-realm:kit'],
      ['session', 'session-jwt', 'session-jwt-bearer'],
    ];
    for (const [path, scheme, strategy] of cases) {
      for (const subject of [userId, user!]) {
        const headers = await kit.headersFor(scheme, subject);
        const answer = await who(path, headers);
        expect([scheme, answer.status, answer.body]).toEqual([
          scheme,
          200,
          expect.objectContaining({ scheme: strategy, user: 'tess' }),
        ]);
      }
    }
    expect((await who('login', await kit.headersFor('password-login', userId))).body.handler).toBe(
      'tess',
    );
  });

  it('issues a site’s headers: the site, its team and its team’s user', async () => {
    const answer = await who('site', await kit.siteHeaders('tess.example.com'));
    expect([answer.status, answer.body]).toEqual([
      200,
      { scheme: 'saas-site-access-token', user: 'tess', site: 'tess.example.com' },
    ]);
  });

  it('issues real credentials: they expire on the server’s clock and end when the user is disabled', async () => {
    const realm = await kit.headersFor('token-realm:kit', userId);
    const login = await kit.headersFor('password-login', userId);
    expect((await who('realm', realm)).status).toBe(200);
    host.clock.advance(3601 * 1000);
    expect((await who('realm', realm)).status).toBe(401);
    expect((await who('login', login)).status).toBe(200);
    await host.app.get(UserService).setEnabled('tess', false);
    try {
      expect((await who('login', login)).status).toBe(401);
    } finally {
      await host.app.get(UserService).setEnabled('tess', true);
    }
  });

  it('says which mechanism is not mounted, and which user does not exist', async () => {
    await expect(kit.headersFor('token-realm:other', userId)).rejects.toThrow(
      'no mounted module issues token-realm:other credentials',
    );
    await expect(kit.headersFor('password-login', '999999')).rejects.toThrow(
      'the UserStore has no user 999999',
    );
    await expect(kit.siteHeaders('nowhere.example.com')).rejects.toThrow(
      'No site is named "nowhere.example.com"',
    );
    expect(host.app.get(SiteAdminService)).toBeDefined();
  });
});

describe('acceptAs: a stand-in for a mechanism’s guard in Test.createTestingModule', () => {
  let host: HostApp;

  beforeAll(async () => {
    host = await startHostApp({
      label: 'testing_kit_override',
      ...persistence,
      imports: modules,
      controllers: [WhoController],
      override: (builder) =>
        builder.overrideGuard(PasswordLoginAuthGuard).useValue(
          acceptAs({
            scheme: 'password-login-bearer',
            user: { id: '7', username: 'stand-in' },
          }),
        ),
    });
  });
  afterAll(() => host?.close());

  it('accepts every request as the principal given, read through the decorators and AuthContext', async () => {
    const answer = await who(host, 'login');
    expect([answer.status, answer.body]).toEqual([
      200,
      { scheme: 'password-login-bearer', user: 'stand-in', handler: 'stand-in' },
    ]);
  });

  it('leaves the other mechanisms’ guards in place', async () => {
    expect((await who(host, 'realm')).status).toBe(401);
  });

  const who = (app: HostApp, path: string) => request(`${app.baseUrl}/who/${path}`);
});
