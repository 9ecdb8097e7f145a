import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { LOGIN_THROTTLE_STORAGE, LoginAttempts } from './login-attempts';
import { LoginThrottleGuard } from './login-throttle.guard';
import {
  ConfigurableLoginThrottleOptionsModule,
  LOGIN_THROTTLE_ASYNC_OPTIONS_TYPE,
  LOGIN_THROTTLE_OPTIONS,
  LOGIN_THROTTLE_OPTIONS_TYPE,
  type LoginThrottleOptions,
} from './login-throttle.module-definition';

@Module({ exports: [LOGIN_THROTTLE_OPTIONS] })
class LoginThrottleOptionsModule extends ConfigurableLoginThrottleOptionsModule {}

/** The counters: @nestjs/throttler's in-memory storage, or its Redis storage when `redisUrl` is set (shared by every instance). */
function createStorage(options: LoginThrottleOptions): ThrottlerStorage {
  if (!options.redisUrl) return new ThrottlerStorageService();
  // Loaded only when asked for: hosts without Redis need neither package.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ThrottlerStorageRedisService } = require('@nest-lab/throttler-storage-redis') as typeof import('@nest-lab/throttler-storage-redis');
  return new ThrottlerStorageRedisService(options.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
}

/**
 * Rate limits for every login attempt (`@LoginEndpoint()` routes, JSON-RPC
 * login calls, gRPC authentications), on @nestjs/throttler's storage. The host
 * imports it once (global); without `redisUrl` the counters live in this
 * process, with it in Redis, shared by every instance.
 */
@Module({})
export class LoginThrottleModule {
  static forRoot(options: typeof LOGIN_THROTTLE_OPTIONS_TYPE): DynamicModule {
    return this.around(LoginThrottleOptionsModule.forRoot(options));
  }

  static forRootAsync(options: typeof LOGIN_THROTTLE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return this.around(LoginThrottleOptionsModule.forRootAsync(options));
  }

  private static around(optionsModule: DynamicModule): DynamicModule {
    return {
      module: LoginThrottleModule,
      global: true,
      imports: [optionsModule],
      providers: [{ provide: LOGIN_THROTTLE_STORAGE, inject: [LOGIN_THROTTLE_OPTIONS], useFactory: createStorage }, LoginAttempts, LoginThrottleGuard],
      exports: [LoginAttempts, LoginThrottleGuard],
    };
  }
}
