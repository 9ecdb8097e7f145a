import type { HttpRequestLike } from '../http/http-request';
import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

export interface RateLimit {
  /** Attempts allowed within the window; one more is refused until the window (and a block as long) has passed. */
  limit: number;
  windowSeconds: number;
}

export interface LoginThrottleOptions {
  /** Password attempts from one client address, over every login endpoint together. 60 a minute by default. */
  perAddress?: RateLimit;
  /**
   * Password attempts on one account from one client address. 10 a minute by default. Keyed by
   * account *and* address, so that nobody can lock a user out from elsewhere.
   */
  perAccount?: RateLimit;
  /**
   * Password attempts on one account from every address together, except those that signed in
   * to it within `knownAddressDays` (they keep their `perAccount` allowance, so the owner is not
   * locked out). 100 an hour by default (NIST SP 800-63B 5.2.2).
   */
  accountCeiling?: RateLimit;
  /** How long an address that signed in to an account stays exempt from its ceiling. 30 days by default. */
  knownAddressDays?: number;
  /**
   * Attempts with a machine credential (site token, app secret, partner login token, refresh
   * token) from one client address. 600 a minute by default: a busy partner's server must not
   * throttle itself, and guessing a 128-bit or longer secret gains nothing from more tries.
   */
  perService?: RateLimit;
  /**
   * How often each instance sends the hits of rate-limited credentials (`--rate-limit`) to the
   * storage, and reads back the other instances' counts; 100 ms by default. Below half its
   * limit a credential's request is decided with no round trip; from then on, at each request.
   */
  credentialSyncMs?: number;
  /**
   * Where the counters live: @nestjs/throttler's `ThrottlerStorage`. By default the host's
   * PostgreSQL (`loginThrottleMigrations`), which every instance shares;
   * `new RedisThrottlerStorage(url)` from `@authkit/redis` moves them to Redis.
   */
  storage?: ThrottlerStorage;
}

export const LOGIN_THROTTLE_DEFAULTS: Required<Omit<LoginThrottleOptions, 'storage'>> = {
  perAddress: { limit: 60, windowSeconds: 60 },
  perAccount: { limit: 10, windowSeconds: 60 },
  accountCeiling: { limit: 100, windowSeconds: 60 * 60 },
  knownAddressDays: 30,
  perService: { limit: 600, windowSeconds: 60 },
  credentialSyncMs: 100,
};

export const {
  ConfigurableModuleClass: ConfigurableLoginThrottleOptionsModule,
  MODULE_OPTIONS_TOKEN: LOGIN_THROTTLE_OPTIONS,
  OPTIONS_TYPE: LOGIN_THROTTLE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: LOGIN_THROTTLE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<LoginThrottleOptions>().setClassMethodName('forRoot').build();

/** Route metadata of `@LoginEndpoint()`. */
export const LOGIN_THROTTLE = 'authkit:loginThrottle';

/** What an attempt presents: a password (the default) or a high-entropy machine credential. */
export type LoginCredential = 'password' | 'secret';

export interface LoginThrottleSpec {
  /**
   * The account a request tries, as `kind:name` (see `loginAccount`), read from
   * what the server has already parsed (headers, the decoded body). Undefined
   * when it names none: then only the per-address limit applies.
   */
  account?: (request: HttpRequestLike) => string | undefined;
  /** `secret` for endpoints that take a machine credential and name no user (refresh, revoke). */
  credential?: LoginCredential;
  /** Throttle only the requests this accepts (e.g. only Basic requests on `/grpc`); all by default. */
  appliesTo?: (request: HttpRequestLike) => boolean;
  /**
   * The handler admits its attempt itself, through `LoginAttempts.admit`, once it
   * has parsed exactly what it will execute (a grant whose shape depends on the
   * realm's options). The guard then does nothing; the audit still happens.
   */
  admittedByHandler?: boolean;
}
