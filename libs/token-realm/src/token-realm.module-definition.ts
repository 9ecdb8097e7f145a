import { ConfigurableModuleBuilder } from '@nestjs/common';

/** How a client proves who it is at `POST /<realm>/access_token`. */
export type TokenRealmGrant = 'password' | 'app';

export interface TokenRealmModuleOptions {
  /** Grants this realm accepts: `password` (login or email + password), `app` (app_id + app_secret). */
  grants: TokenRealmGrant[];
  /** Access-token lifetime in seconds; 1 hour by default. */
  accessTokenTtlSeconds?: number;
  /** Refresh-token lifetime in seconds; 30 days by default. */
  refreshTokenTtlSeconds?: number;
  /**
   * Seconds after its use during which a refresh token presented again is
   * refused without revoking its family (for clients that race their own
   * refreshes). 0 by default: any reuse revokes the family.
   */
  reuseLeewaySeconds?: number;
  /** UTC offset of `expires_at` in the answers, in minutes (`+0400` is 240); 0 by default. */
  utcOffsetMinutes?: number;
  /** How often expired tokens are purged, in milliseconds; 0 turns the job off. */
  purgeIntervalMs?: number;
  purgeBatchSize?: number;
}

/** Fixed when the module is mounted (they name routes and strategies), so not part of the async options. */
export interface TokenRealmExtras {
  /** The realm's name: tokens are bound to it and refused by every other realm. */
  realm: string;
  /** Route prefix of the realm's endpoints; the realm's name by default. */
  path?: string;
  /** OpenAPI tags of the realm's endpoints; `token realm: <realm>` by default. */
  apiTags?: string[];
}

export const TOKEN_REALM_DEFAULTS = {
  accessTokenTtlSeconds: 60 * 60,
  refreshTokenTtlSeconds: 30 * 24 * 60 * 60,
  reuseLeewaySeconds: 0,
  utcOffsetMinutes: 0,
  purgeIntervalMs: 5 * 60 * 1000,
  purgeBatchSize: 1000,
} satisfies Omit<Required<TokenRealmModuleOptions>, 'grants'>;

export type ResolvedTokenRealmOptions = Required<TokenRealmModuleOptions> & { realm: string };

/** The options with defaults applied and the realm's name: what the realm's providers inject. */
export const RESOLVED_TOKEN_REALM_OPTIONS = Symbol('RESOLVED_TOKEN_REALM_OPTIONS');

export const {
  ConfigurableModuleClass: ConfigurableTokenRealmModule,
  MODULE_OPTIONS_TOKEN: TOKEN_REALM_OPTIONS,
  OPTIONS_TYPE: TOKEN_REALM_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TOKEN_REALM_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TokenRealmModuleOptions>()
  .setClassMethodName('register')
  .setExtras<TokenRealmExtras>({ realm: '' }, (definition) => definition)
  .build();
