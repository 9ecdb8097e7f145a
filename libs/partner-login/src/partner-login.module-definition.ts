import { ConfigurableModuleBuilder } from '@nestjs/common';

export interface PartnerLoginModuleOptions {
  /** Master secret (32+ bytes) the API codes' secrets are sealed with. Keep it out of the database. */
  masterSecret: string;
  /** Lifetime of a JSON-RPC session token in seconds; 8 hours by default. */
  sessionTtlSeconds?: number;
  /** Clock-skew allowance around a login token's 3-second window, in seconds; 2 by default. */
  clockSkewSeconds?: number;
  /** Requests per JSON-RPC batch; 50 by default. */
  maxBatchSize?: number;
  purgeIntervalMs?: number;
  purgeBatchSize?: number;
}

export const PARTNER_LOGIN_DEFAULTS = {
  sessionTtlSeconds: 8 * 60 * 60,
  clockSkewSeconds: 2,
  maxBatchSize: 50,
  purgeIntervalMs: 5 * 60 * 1000,
  purgeBatchSize: 1000,
} satisfies Omit<Required<PartnerLoginModuleOptions>, 'masterSecret'>;

export type ResolvedPartnerLoginOptions = Required<PartnerLoginModuleOptions>;

export const RESOLVED_PARTNER_LOGIN_OPTIONS = Symbol('RESOLVED_PARTNER_LOGIN_OPTIONS');

export const {
  ConfigurableModuleClass: ConfigurablePartnerLoginModule,
  MODULE_OPTIONS_TOKEN: PARTNER_LOGIN_OPTIONS,
} = new ConfigurableModuleBuilder<PartnerLoginModuleOptions>().setClassMethodName('forRoot').build();
