import {
  DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { Clock, SystemClock } from '../clock/clock';
import { withGlobalOptions } from '../options/global-options-module';
import { assertTablesExist } from '../options/scheme-startup-check';
import { withDefaults } from '../options/with-defaults';
import {
  InMemoryKnownSignInAddresses,
  KnownSignInAddresses,
  PostgresKnownSignInAddresses,
} from './known-sign-in-addresses';
import { CredentialRateLimiter } from './credential-rate-limiter';
import { LOGIN_THROTTLE_STORAGE, LoginAttempts } from './login-attempts';
import { LoginThrottleGuard } from './login-throttle.guard';
import {
  ConfigurableLoginThrottleOptionsModule,
  LOGIN_THROTTLE_ASYNC_OPTIONS_TYPE,
  LOGIN_THROTTLE_OPTIONS,
  LOGIN_THROTTLE_OPTIONS_TYPE,
  LOGIN_THROTTLE_DEFAULTS,
  type LoginThrottleOptions,
} from './login-throttle.module-definition';
import { LOGIN_COUNTER_TABLE, LOGIN_KNOWN_ADDRESS_TABLE } from './login-throttle.persistence';
import { PostgresThrottlerStorage } from './postgres-throttler-storage';

const optionalOptions = { token: LOGIN_THROTTLE_OPTIONS, optional: true };
const optionalDataSource = { token: DataSource, optional: true };
const optionalClock = { token: Clock, optional: true };

function onPostgres(dataSource: DataSource | undefined): dataSource is DataSource {
  return dataSource?.options.type === 'postgres';
}

/**
 * The counters: the host's storage (Redis, say); else the host's PostgreSQL,
 * shared by every instance; in memory only for an app without one.
 */
function createStorage(
  options: LoginThrottleOptions = {},
  dataSource?: DataSource,
  clock: Clock = new SystemClock(),
): ThrottlerStorage {
  if (options.storage) return options.storage;
  if (onPostgres(dataSource)) return new PostgresThrottlerStorage(dataSource, clock);
  new Logger('LoginThrottle').warn(
    'No PostgreSQL data source: login limits are counted in this process only, not shared between instances.',
  );
  return new ThrottlerStorageService();
}

function createKnownAddresses(
  options: LoginThrottleOptions = {},
  dataSource?: DataSource,
  clock: Clock = new SystemClock(),
): KnownSignInAddresses {
  const { knownAddressDays } = withDefaults(LOGIN_THROTTLE_DEFAULTS, options);
  return onPostgres(dataSource)
    ? new PostgresKnownSignInAddresses(dataSource, clock, knownAddressDays)
    : new InMemoryKnownSignInAddresses(clock, knownAddressDays);
}

/** At start: the tables the limits use in the host's PostgreSQL are there, or the start stops naming the migrations to add. */
class LoginThrottleTablesCheck implements OnModuleInit {
  constructor(
    @Optional() @Inject(LOGIN_THROTTLE_OPTIONS) private readonly options: LoginThrottleOptions = {},
    @Optional() @Inject(DataSource) private readonly dataSource?: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!onPostgres(this.dataSource)) return;
    const tables = [
      LOGIN_KNOWN_ADDRESS_TABLE,
      ...(this.options.storage ? [] : [LOGIN_COUNTER_TABLE]),
    ];
    const schema = (this.dataSource.options as { schema?: string }).schema;
    const paths = tables.map((table) => (schema ? `${schema}.${table}` : table));
    await assertTablesExist(
      this.dataSource,
      paths,
      'LoginThrottleModule',
      'loginThrottleMigrations (from @authkit/core)',
    );
  }
}

/**
 * Rate limits for every login attempt (`@LoginEndpoint()` routes, JSON-RPC
 * login calls, gRPC authentications), on @nestjs/throttler's storage. Every
 * scheme module imports it itself, so login endpoints are never unthrottled:
 * the default limits, counted in the host's PostgreSQL (`loginThrottleMigrations`)
 * so that every instance shares them. `LoginThrottleModule.forRoot(...)` (once)
 * tunes the limits or moves the counters to Redis.
 */
@Global()
@Module({
  providers: [
    {
      provide: LOGIN_THROTTLE_STORAGE,
      inject: [optionalOptions, optionalDataSource, optionalClock],
      useFactory: createStorage,
    },
    {
      provide: KnownSignInAddresses,
      inject: [optionalOptions, optionalDataSource, optionalClock],
      useFactory: createKnownAddresses,
    },
    {
      provide: CredentialRateLimiter,
      inject: [LOGIN_THROTTLE_STORAGE, optionalOptions, optionalClock],
      useFactory: (storage: ThrottlerStorage, options?: LoginThrottleOptions, clock?: Clock) =>
        new CredentialRateLimiter(
          storage,
          clock ?? new SystemClock(),
          withDefaults(LOGIN_THROTTLE_DEFAULTS, options ?? {}).credentialSyncMs,
        ),
    },
    LoginThrottleTablesCheck,
    LoginAttempts,
    LoginThrottleGuard,
  ],
  exports: [LoginAttempts, LoginThrottleGuard, CredentialRateLimiter],
})
export class LoginThrottleModule {
  static forRoot(options: typeof LOGIN_THROTTLE_OPTIONS_TYPE): DynamicModule {
    return withGlobalOptions(
      LoginThrottleOptionsModule.forRoot(options),
      LoginThrottleModule,
      LOGIN_THROTTLE_OPTIONS,
    );
  }

  static forRootAsync(options: typeof LOGIN_THROTTLE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withGlobalOptions(
      LoginThrottleOptionsModule.forRootAsync(options),
      LoginThrottleModule,
      LOGIN_THROTTLE_OPTIONS,
    );
  }
}

@Module({})
class LoginThrottleOptionsModule extends ConfigurableLoginThrottleOptionsModule {}
