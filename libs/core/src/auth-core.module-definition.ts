import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { CredentialCacheOptions } from './cache/credential-cache';
import type { RevocationBusOptions } from './cache/revocation-bus';
import type { Clock } from './clock/clock';

export interface AuthCoreModuleOptions {
  /** The clock every expiry decision uses; the system clock by default. */
  clock?: Clock;
  /** The verified-credential cache; `{ maxEntries: 0 }` turns it off. */
  credentialCache?: CredentialCacheOptions;
  /** The revocation bus: `{ listen: false }` for one-shot processes (a CLI), `heartbeatSeconds` for its listener. */
  revocations?: RevocationBusOptions;
}

export const {
  ConfigurableModuleClass: ConfigurableAuthCoreOptionsModule,
  MODULE_OPTIONS_TOKEN: AUTH_CORE_OPTIONS,
  OPTIONS_TYPE: AUTH_CORE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AUTH_CORE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AuthCoreModuleOptions>().setClassMethodName('forRoot').build();
