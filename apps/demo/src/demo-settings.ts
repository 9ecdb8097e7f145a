import type {
  AuthAuditModuleOptions,
  AuthCoreModuleOptions,
  LoginThrottleOptions,
} from '@authkit/core';
import type { RevocationBusOptions } from '@authkit/core/internal';
import { redisRevocationTransport, RedisThrottlerStorage } from '@authkit/redis';
import type { IdentityModuleOptions } from '@authkit/identity';
import type { PartnerLoginModuleOptions } from '@authkit/partner-login';
import type { PasswordLoginModuleOptions } from '@authkit/password-login';
import type { SaasSiteModuleOptions } from '@authkit/saas-site';
import type { SessionJwtModuleOptions } from '@authkit/session-jwt';
import type { TokenRealmModuleOptions } from '@authkit/token-realm';

/**
 * Every module option of the demo, from one documented set of environment
 * variables (the README's settings table). An unset variable leaves the
 * library's own default in force (no second copy of it here); a malformed one
 * stops the start with an error naming it.
 */
export interface DemoModuleSettings {
  core: AuthCoreModuleOptions;
  throttle: LoginThrottleOptions;
  audit: AuthAuditModuleOptions;
  identity: IdentityModuleOptions;
  saasSite: SaasSiteModuleOptions;
  passwordLogin: PasswordLoginModuleOptions;
  partnerLogin: Omit<PartnerLoginModuleOptions, 'masterSecret'>;
  sessionJwt: Omit<SessionJwtModuleOptions, 'masterSecret'>;
  realm(name: string): Omit<TokenRealmModuleOptions, 'grants'>;
}

export class DemoSettingsError extends Error {}

export function demoModuleSettingsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): DemoModuleSettings {
  const number = (name: string, { min = 0, max = 2_147_483_647 } = {}): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (!/^-?\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
      throw new DemoSettingsError(
        `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw.slice(0, 50))}`,
      );
    }
    return Number(raw);
  };
  const text = (name: string): string | undefined =>
    env[name] === undefined || env[name] === '' ? undefined : env[name];
  const flag = (name: string): boolean | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (raw !== '0' && raw !== '1')
      throw new DemoSettingsError(
        `${name} must be 0 or 1, got ${JSON.stringify(raw.slice(0, 50))}`,
      );
    return raw === '1';
  };
  const window = number('LOGIN_RATE_LIMIT_WINDOW_SECONDS', { min: 1 }) ?? 60;
  const limit = (name: string) => {
    const value = number(name, { min: 1 });
    return value === undefined ? undefined : { limit: value, windowSeconds: window };
  };
  const hourly = (name: string) => {
    const value = number(name, { min: 1 });
    return value === undefined ? undefined : { limit: value, windowSeconds: 60 * 60 };
  };
  const maxEntries = number('CREDENTIAL_CACHE_MAX_ENTRIES');
  const maxAgeSeconds = number('CREDENTIAL_CACHE_MAX_AGE_SECONDS', { min: 1 });
  const heartbeatSeconds = number('REVOCATION_HEARTBEAT_SECONDS', { min: 1 });
  const settings: Omit<DemoModuleSettings, 'realm'> = {
    core: defined({
      credentialCache:
        maxEntries === undefined && maxAgeSeconds === undefined
          ? undefined
          : defined({ maxEntries, maxAgeSeconds }),
      revocations: revocationOptions(text('REDIS_URL'), heartbeatSeconds),
    }),
    throttle: defined({
      perAddress: limit('LOGIN_RATE_LIMIT_PER_ADDRESS'),
      perAccount: limit('LOGIN_RATE_LIMIT_PER_ACCOUNT'),
      perService: limit('LOGIN_RATE_LIMIT_PER_SERVICE'),
      accountCeiling: hourly('LOGIN_ACCOUNT_CEILING_PER_HOUR'),
      storage: redisThrottlerStorage(text('REDIS_URL')),
    }),
    audit: defined({
      retentionDays: number('AUDIT_RETENTION_DAYS'),
      recordGuardedSuccesses: flag('AUDIT_GUARDED_SUCCESSES'),
    }),
    identity: defined({
      passwordHashConcurrency: number('PASSWORD_HASH_CONCURRENCY', { min: 1, max: 64 }),
      passwordHashMaxWaitMs: number('PASSWORD_HASH_MAX_WAIT_MS', { min: 1 }),
    }),
    saasSite: defined({
      accessTokenTtlSeconds: number('SAAS_ACCESS_TOKEN_TTL_SECONDS', { min: 1 }),
    }),
    passwordLogin: defined({
      accessTokenTtlSeconds: number('LOGIN_ACCESS_TOKEN_TTL_SECONDS', { min: 1 }),
    }),
    partnerLogin: defined({
      sessionTtlSeconds: number('PARTNER_SESSION_TTL_SECONDS', { min: 1 }),
      clockSkewSeconds: number('LOGIN_TOKEN_CLOCK_SKEW_SECONDS', { max: 300 }),
      maxBatchSize: number('JSONRPC_MAX_BATCH_SIZE', { min: 1, max: 1000 }),
    }),
    sessionJwt: defined({
      // The demo's own issuer; the library's default is `authkit`.
      issuer: text('SESSION_JWT_ISSUER') ?? 'authkit-demo',
      audience: text('SESSION_JWT_AUDIENCE'),
      sessionTtlSeconds: number('SESSION_JWT_TTL_SECONDS', { min: 1 }),
      keyCacheSeconds: number('SESSION_JWT_KEY_CACHE_SECONDS', { min: 1 }),
    }),
  };
  const realm = (name: string) => {
    const prefix = name.toUpperCase();
    return defined({
      accessTokenTtlSeconds: number(`${prefix}_ACCESS_TOKEN_TTL_SECONDS`, { min: 1 }),
      refreshTokenTtlSeconds: number(`${prefix}_REFRESH_TOKEN_TTL_SECONDS`, { min: 1 }),
      reuseLeewaySeconds: number(`${prefix}_REUSE_LEEWAY_SECONDS`),
      utcOffsetMinutes: number(`${prefix}_UTC_OFFSET_MINUTES`, { min: -720, max: 840 }),
    });
  };
  // Realms are read now too, so that a malformed variable stops the start.
  realm('snipe');
  realm('roomink');
  return { ...settings, realm };
}

/** Revocations over Redis pub/sub when `REDIS_URL` is set (as behind PgBouncer in transaction pooling), PostgreSQL LISTEN/NOTIFY otherwise. */
export function revocationOptions(
  redisUrl: string | undefined,
  heartbeatSeconds?: number,
): RevocationBusOptions | undefined {
  if (redisUrl === undefined && heartbeatSeconds === undefined) return undefined;
  return defined({
    heartbeatSeconds,
    transport:
      redisUrl === undefined
        ? undefined
        : redisRevocationTransport(redisUrl, defined({ heartbeatSeconds })),
  });
}

/** The login limits' counters in Redis when `REDIS_URL` is set (shared by every instance), in memory otherwise. */
function redisThrottlerStorage(redisUrl: string | undefined): RedisThrottlerStorage | undefined {
  return redisUrl === undefined ? undefined : new RedisThrottlerStorage(redisUrl);
}

/** The object without its undefined members: a module's defaults are spread under its options. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, member]) => member !== undefined),
  ) as T;
}

export const DEMO_SETTINGS = Symbol('DEMO_SETTINGS');
