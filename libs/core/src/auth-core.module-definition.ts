import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { CredentialCacheOptions } from './cache/credential-cache';
import type { Clock } from './clock/clock';

export interface AuthCoreModuleOptions {
  /** The clock every expiry decision uses; the system clock by default. */
  clock?: Clock;
  /** The verified-credential cache; `{ maxEntries: 0 }` turns it off. */
  credentialCache?: CredentialCacheOptions;
}

export const {
  ConfigurableModuleClass: ConfigurableAuthCoreModule,
  MODULE_OPTIONS_TOKEN: AUTH_CORE_OPTIONS,
  OPTIONS_TYPE: AUTH_CORE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AUTH_CORE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AuthCoreModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
