import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { Request } from 'express';

export interface RateLimit {
  /** Attempts allowed within the window; one more is refused until the window (and a block as long) has passed. */
  limit: number;
  windowSeconds: number;
}

export interface LoginThrottleOptions {
  /** Attempts per client address, over every login, token and refresh endpoint together. 60 a minute by default. */
  perAddress?: RateLimit;
  /** Attempts per account (user name, site, app, API code), from any address. 10 a minute by default. */
  perAccount?: RateLimit;
  /** Count in Redis, so that every instance shares the limits; in this process's memory when unset. */
  redisUrl?: string;
}

export const LOGIN_THROTTLE_DEFAULTS: Required<Omit<LoginThrottleOptions, 'redisUrl'>> = {
  perAddress: { limit: 60, windowSeconds: 60 },
  perAccount: { limit: 10, windowSeconds: 60 },
};

export const {
  ConfigurableModuleClass: ConfigurableLoginThrottleOptionsModule,
  MODULE_OPTIONS_TOKEN: LOGIN_THROTTLE_OPTIONS,
  OPTIONS_TYPE: LOGIN_THROTTLE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: LOGIN_THROTTLE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<LoginThrottleOptions>().setClassMethodName('forRoot').build();

/** Route metadata of `@LoginEndpoint()`. */
export const LOGIN_THROTTLE = 'authkit:loginThrottle';

export interface LoginThrottleSpec {
  /**
   * The account a request tries, as `kind:name` (e.g. `user:alice`), or
   * undefined when it names none: then only the per-address limit applies.
   */
  account?: (request: Request) => string | undefined;
  /** Throttle only the requests this accepts (e.g. JSON-RPC calls of a login method); all by default. */
  appliesTo?: (request: Request) => boolean;
  /** How many attempts the request makes (a JSON-RPC batch of logins); 1 by default. */
  weight?: (request: Request) => number;
  /** The handler records its own attempts in the audit log (JSON-RPC, whose outcomes are inside the answer). */
  auditedByHandler?: boolean;
}
