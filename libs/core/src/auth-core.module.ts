import { Module } from '@nestjs/common';
import { AUTH_CORE_OPTIONS, AuthCoreModuleOptions, ConfigurableAuthCoreModule } from './auth-core.module-definition';
import { Clock, SystemClock } from './clock/clock';
import { AuthContext } from './context/auth-context';

/**
 * The shared providers every scheme module injects: the `Clock` and the
 * request-scoped `AuthContext`. Global by default; the host imports it once.
 */
@Module({
  providers: [
    {
      provide: Clock,
      inject: [AUTH_CORE_OPTIONS],
      useFactory: (options: AuthCoreModuleOptions) => options.clock ?? new SystemClock(),
    },
    AuthContext,
  ],
  exports: [Clock, AuthContext],
})
export class AuthCoreModule extends ConfigurableAuthCoreModule {}
