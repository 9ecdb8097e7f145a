import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { CredentialCacheOptions } from './cache/credential-cache';
import type { RevocationBusOptions } from './cache/revocation-bus';
import type { Clock } from './clock/clock';
import type { MeterProvider } from '@opentelemetry/api';
import type { AuthRefusal } from './outcomes/refusal';

export interface AuthCoreModuleOptions {
  /** The clock every expiry decision uses; the system clock by default. */
  clock?: Clock;
  /** The verified-credential cache; `{ maxEntries: 0 }` turns it off. */
  credentialCache?: CredentialCacheOptions;
  /** The revocation bus: `{ listen: false }` for one-shot processes (a CLI), `heartbeatSeconds` for its listener. */
  revocations?: RevocationBusOptions;
  /**
   * Where authkit's metrics go (`authkit_verifications_total`...); the global OpenTelemetry
   * meter provider by default, a no-op until the host registers an SDK.
   */
  meterProvider?: MeterProvider;
  /**
   * Told of every refused guarded request and login, with its reason (`expired`, `revoked`...),
   * to log or count it. The client's answer does not change. It runs on the request's path: keep it cheap.
   */
  onRefusal?: (refusal: AuthRefusal) => void;
}

export const {
  ConfigurableModuleClass: ConfigurableAuthCoreOptionsModule,
  MODULE_OPTIONS_TOKEN: AUTH_CORE_OPTIONS,
  OPTIONS_TYPE: AUTH_CORE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AUTH_CORE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AuthCoreModuleOptions>().setClassMethodName('forRoot').build();
