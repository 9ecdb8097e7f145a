import { DynamicModule, Inject, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, LoginThrottleModule } from '@authkit/core';
import {
  mountController,
  openApiSecurity,
  withDefaults,
  schemeStartupCheck,
} from '@authkit/core/internal';
import { tokenRealmEntities } from './token-realm.persistence';
import { RealmAccessToken } from './entities/realm-access-token.entity';
import { RealmRefreshToken } from './entities/realm-refresh-token.entity';
import { TokenFamily } from './entities/token-family.entity';
import { createRealmAccessTokenStrategy } from './strategies/realm-access-token.strategy';
import { TokenRealmPurgeJob } from './token-realm-purge.job';
import { TokenRealmAppsModule } from './token-realm-apps.module';
import { TokenRealmController } from './token-realm.controller';
import { addTokenRealmSecurity } from './token-realm.guard';
import {
  ConfigurableTokenRealmModule,
  RESOLVED_TOKEN_REALM_OPTIONS,
  TOKEN_REALM_ASYNC_OPTIONS_TYPE,
  TOKEN_REALM_DEFAULTS,
  TOKEN_REALM_OPTIONS,
  TOKEN_REALM_OPTIONS_TYPE,
  type TokenRealmExtras,
  type TokenRealmModuleOptions,
} from './token-realm.module-definition';
import { TokenRealmService } from './token-realm.service';
import { tokenRealmTestCredentials } from './token-realm.test-credentials';

const REALM_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/** The injection token of a realm's TokenRealmService, exported by that realm's module. */
export function tokenRealmServiceToken(realm: string): string {
  return `TokenRealmService(${realm})`;
}

/** Injects the TokenRealmService of the named realm. */
export const InjectTokenRealm = (realm: string): ParameterDecorator & PropertyDecorator =>
  Inject(tokenRealmServiceToken(realm));

/**
 * Token realm: OAuth2-like access and refresh tokens (the token-realm API), one realm per
 * mount. `TokenRealmModule.register({ realm: 'snipe', grants: ['password'] })`
 * serves `/snipe/access_token`, `/snipe/refresh_token` and `/snipe/revoke_token`
 * and guards routes with `@UseTokenRealmAuth('snipe')`. Mount it as many
 * times as you need realms; a realm's tokens are refused by every other.
 * Needs a `UserStore` (IdentityModule, or the host's own through UserStoreModule).
 */
@Module({})
export class TokenRealmModule {
  // `register`, as Nest's own modules name a module mounted more than once. Not `extends`: here `realm` is required.
  static register(options: typeof TOKEN_REALM_OPTIONS_TYPE & TokenRealmExtras): DynamicModule {
    return withRealm(ConfigurableTokenRealmModule.register(options), options);
  }

  static registerAsync(
    options: typeof TOKEN_REALM_ASYNC_OPTIONS_TYPE & TokenRealmExtras,
  ): DynamicModule {
    return withRealm(ConfigurableTokenRealmModule.registerAsync(options), options);
  }
}

function withRealm(base: DynamicModule, { realm, path, apiTags }: TokenRealmExtras): DynamicModule {
  if (!REALM_NAME.test(realm))
    throw new Error(
      `TokenRealmModule: realm must match ${REALM_NAME}, got ${JSON.stringify(realm)}`,
    );
  return {
    ...base,
    module: TokenRealmModule,
    imports: [
      ...(base.imports ?? []),
      TypeOrmModule.forFeature([TokenFamily, RealmAccessToken, RealmRefreshToken]),
      TokenRealmAppsModule,
      AuthCoreModule,
      LoginThrottleModule,
    ],
    controllers: [
      ...(base.controllers ?? []),
      mountController(TokenRealmController, {
        path: path ?? realm,
        apiTags: apiTags ?? [`token realm: ${realm}`],
      }),
    ],
    providers: [
      openApiSecurity('token-realm', addTokenRealmSecurity),
      tokenRealmTestCredentials(realm),
      schemeStartupCheck({
        module: 'TokenRealmModule',
        entities: tokenRealmEntities,
        entitiesName: 'tokenRealmEntities',
        migrationsName: 'tokenRealmMigrations',
      }),
      ...(base.providers ?? []),
      {
        provide: RESOLVED_TOKEN_REALM_OPTIONS,
        inject: [TOKEN_REALM_OPTIONS],
        useFactory: (options: TokenRealmModuleOptions) => ({
          ...withDefaults(TOKEN_REALM_DEFAULTS, options),
          realm,
        }),
      },
      TokenRealmService,
      { provide: tokenRealmServiceToken(realm), useExisting: TokenRealmService },
      createRealmAccessTokenStrategy(realm),
      TokenRealmPurgeJob,
    ],
    exports: [tokenRealmServiceToken(realm)],
  };
}
