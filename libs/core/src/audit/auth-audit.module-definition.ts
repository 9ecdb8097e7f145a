import { ConfigurableModuleBuilder } from '@nestjs/common';

export interface AuthAuditModuleOptions {
  /** Entries older than this many days are deleted by the retention job. 90 by default; 0 keeps everything. */
  retentionDays?: number;
  /**
   * Record guarded requests that succeed, one row per API call. Off by default:
   * logins, token issue, refresh, revocation and every refusal are always recorded.
   */
  recordGuardedSuccesses?: boolean;
  /** How often buffered entries are written, in milliseconds. 500 by default. */
  flushIntervalMs?: number;
  /** Entries buffered at most while the database lags; beyond, they are counted as dropped and reported. 10,000 by default. */
  maxBuffered?: number;
  /** How often the retention job runs, in milliseconds. Hourly by default; 0 turns it off (a one-shot process). */
  purgeIntervalMs?: number;
}

export const AUTH_AUDIT_DEFAULTS: Required<AuthAuditModuleOptions> = {
  retentionDays: 90,
  recordGuardedSuccesses: false,
  flushIntervalMs: 500,
  maxBuffered: 10_000,
  purgeIntervalMs: 60 * 60 * 1000,
};

export const {
  ConfigurableModuleClass: ConfigurableAuthAuditModule,
  MODULE_OPTIONS_TOKEN: AUTH_AUDIT_OPTIONS,
  OPTIONS_TYPE: AUTH_AUDIT_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AUTH_AUDIT_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AuthAuditModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** The options with every default applied, built once per module. */
export const RESOLVED_AUTH_AUDIT_OPTIONS = Symbol('RESOLVED_AUTH_AUDIT_OPTIONS');
export type ResolvedAuthAuditOptions = Required<AuthAuditModuleOptions>;
