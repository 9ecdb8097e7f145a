import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import {
  AUTH_CORE_ASYNC_OPTIONS_TYPE,
  AUTH_CORE_OPTIONS,
  AUTH_CORE_OPTIONS_TYPE,
  type AuthCoreModuleOptions,
  ConfigurableAuthCoreOptionsModule,
} from './auth-core.module-definition';
import { CredentialCache } from './cache/credential-cache';
import { REVOCATION_BUS_OPTIONS, RevocationBus } from './cache/revocation-bus';
import { Clock, SystemClock } from './clock/clock';
import { AuthContext } from './context/auth-context';
import { RequestScopeInstaller } from './context/request-scope.installer';
import { AuthkitHealthIndicators } from './health/authkit-health.indicators';
import { HttpResponses } from './http/http-response';
import { AuthOutcomes } from './outcomes/auth-outcomes';
import { OpenApiSecurityRegistry } from './openapi/openapi-security';
import { withGlobalOptions } from './options/global-options-module';

const optionalOptions = { token: AUTH_CORE_OPTIONS, optional: true };

/**
 * The shared providers every scheme module injects: the `Clock`, the
 * verified-credential cache and its `RevocationBus`, and the request-scoped
 * `AuthContext` (whose scope it installs on the host's HTTP server). Every scheme module imports it itself, so a host needs
 * nothing for it; `AuthCoreModule.forRoot(...)` (once) tunes it.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: Clock,
      inject: [optionalOptions],
      useFactory: (options?: AuthCoreModuleOptions) => options?.clock ?? new SystemClock(),
    },
    {
      provide: CredentialCache,
      inject: [Clock, optionalOptions],
      useFactory: (clock: Clock, options?: AuthCoreModuleOptions) =>
        new CredentialCache(clock, options?.credentialCache),
    },
    {
      provide: REVOCATION_BUS_OPTIONS,
      inject: [optionalOptions],
      useFactory: (options?: AuthCoreModuleOptions) => options?.revocations ?? {},
    },
    {
      provide: AuthOutcomes,
      inject: [CredentialCache, optionalOptions],
      useFactory: (cache: CredentialCache, options?: AuthCoreModuleOptions) =>
        new AuthOutcomes(cache, options),
    },
    RevocationBus,
    AuthContext,
    RequestScopeInstaller,
    OpenApiSecurityRegistry,
    HttpResponses,
    AuthkitHealthIndicators,
  ],
  exports: [
    HttpResponses,
    AuthkitHealthIndicators,
    Clock,
    CredentialCache,
    RevocationBus,
    AuthOutcomes,
    AuthContext,
    OpenApiSecurityRegistry,
    // The scheme modules' method registries find their methods through it.
    DiscoveryModule,
  ],
})
export class AuthCoreModule {
  /** Optional: the core's options, for the whole app (the clock, the cache, the revocation bus). */
  static forRoot(options: typeof AUTH_CORE_OPTIONS_TYPE): DynamicModule {
    return withGlobalOptions(
      AuthCoreOptionsModule.forRoot(options),
      AuthCoreModule,
      AUTH_CORE_OPTIONS,
    );
  }

  static forRootAsync(options: typeof AUTH_CORE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withGlobalOptions(
      AuthCoreOptionsModule.forRootAsync(options),
      AuthCoreModule,
      AUTH_CORE_OPTIONS,
    );
  }
}

@Module({})
class AuthCoreOptionsModule extends ConfigurableAuthCoreOptionsModule {}
