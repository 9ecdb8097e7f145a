import { DynamicModule, Global, Module } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { withGlobalOptions } from '../options/global-options-module';
import { LOGIN_THROTTLE_STORAGE, LoginAttempts } from './login-attempts';
import { LoginThrottleGuard } from './login-throttle.guard';
import {
  ConfigurableLoginThrottleOptionsModule,
  LOGIN_THROTTLE_ASYNC_OPTIONS_TYPE,
  LOGIN_THROTTLE_OPTIONS,
  LOGIN_THROTTLE_OPTIONS_TYPE,
  type LoginThrottleOptions,
} from './login-throttle.module-definition';

/** The counters: the host's storage (Redis, say), or @nestjs/throttler's in-memory storage. */
function createStorage(options: LoginThrottleOptions = {}): ThrottlerStorage {
  return options.storage ?? new ThrottlerStorageService();
}

/**
 * Rate limits for every login attempt (`@LoginEndpoint()` routes, JSON-RPC
 * login calls, gRPC authentications), on @nestjs/throttler's storage. Every
 * scheme module imports it itself, so login endpoints are never unthrottled:
 * in-memory counters with the default limits. `LoginThrottleModule.forRoot(...)`
 * (once) tunes the limits or moves the counters to Redis.
 */
@Global()
@Module({
  providers: [
    { provide: LOGIN_THROTTLE_STORAGE, inject: [{ token: LOGIN_THROTTLE_OPTIONS, optional: true }], useFactory: createStorage },
    LoginAttempts,
    LoginThrottleGuard,
  ],
  exports: [LoginAttempts, LoginThrottleGuard],
})
export class LoginThrottleModule {
  static forRoot(options: typeof LOGIN_THROTTLE_OPTIONS_TYPE): DynamicModule {
    return withGlobalOptions(LoginThrottleOptionsModule.forRoot(options), LoginThrottleModule, LOGIN_THROTTLE_OPTIONS);
  }

  static forRootAsync(options: typeof LOGIN_THROTTLE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withGlobalOptions(LoginThrottleOptionsModule.forRootAsync(options), LoginThrottleModule, LOGIN_THROTTLE_OPTIONS);
  }
}

@Module({})
class LoginThrottleOptionsModule extends ConfigurableLoginThrottleOptionsModule {}
