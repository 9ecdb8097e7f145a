import { DynamicModule, Module } from '@nestjs/common';
import { seconds, ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import {
  ConfigurableLoginThrottleOptionsModule,
  LOGIN_THROTTLE_ASYNC_OPTIONS_TYPE,
  LOGIN_THROTTLE_DEFAULTS,
  LOGIN_THROTTLE_OPTIONS,
  LOGIN_THROTTLE_OPTIONS_TYPE,
  type LoginThrottleOptions,
} from './login-throttle.module-definition';
import { LoginThrottleGuard, PER_ACCOUNT, PER_ADDRESS } from './login-throttle.guard';

@Module({ exports: [LOGIN_THROTTLE_OPTIONS] })
class LoginThrottleOptionsModule extends ConfigurableLoginThrottleOptionsModule {}

/**
 * Rate limits for the routes marked `@LoginEndpoint()`, on @nestjs/throttler.
 * The host imports it once (global); without `redisUrl` the counters live in
 * this process, with it in Redis, shared by every instance.
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
      imports: [
        optionsModule,
        ThrottlerModule.forRootAsync({
          imports: [optionsModule],
          inject: [LOGIN_THROTTLE_OPTIONS],
          useFactory: (options: LoginThrottleOptions) => {
            const { perAddress, perAccount } = { ...LOGIN_THROTTLE_DEFAULTS, ...options };
            return {
              throttlers: [
                { name: PER_ADDRESS, limit: perAddress.limit, ttl: seconds(perAddress.windowSeconds) },
                { name: PER_ACCOUNT, limit: perAccount.limit, ttl: seconds(perAccount.windowSeconds) },
              ],
              storage: options.redisUrl
                ? new ThrottlerStorageRedisService(options.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 })
                : undefined,
            };
          },
        }),
      ],
      providers: [LoginThrottleGuard],
      exports: [ThrottlerModule, LoginThrottleGuard],
    };
  }
}
