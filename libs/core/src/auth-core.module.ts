import { Module } from '@nestjs/common';
import { AUTH_CORE_OPTIONS, AuthCoreModuleOptions, ConfigurableAuthCoreModule } from './auth-core.module-definition';
import { CredentialCache } from './cache/credential-cache';
import { Clock, SystemClock } from './clock/clock';
import { AuthContext } from './context/auth-context';

/**
 * The shared providers every scheme module injects: the `Clock`, the
 * verified-credential cache and the request-scoped `AuthContext`. Global by default; the host imports it once.
 */
@Module({
  providers: [
    {
      provide: Clock,
      inject: [AUTH_CORE_OPTIONS],
      useFactory: (options: AuthCoreModuleOptions) => options.clock ?? new SystemClock(),
    },
    {
      provide: CredentialCache,
      inject: [Clock, AUTH_CORE_OPTIONS],
      useFactory: (clock: Clock, options: AuthCoreModuleOptions) => new CredentialCache(clock, options.credentialCache),
    },
    AuthContext,
  ],
  exports: [Clock, CredentialCache, AuthContext],
})
export class AuthCoreModule extends ConfigurableAuthCoreModule {}
