import {
  type Attributes,
  type Counter,
  type Histogram,
  type MeterProvider,
  metrics,
} from '@opentelemetry/api';
import type { CredentialCache } from '../cache/credential-cache';

/** Seconds: a cached verification takes tens of microseconds, an uncached one a database round trip. */
const DURATION_BUCKETS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
];

/**
 * authkit's instruments (the wire contracts' metric names), on `@opentelemetry/api` only: without an SDK
 * registered by the host (or a `meterProvider` given to `AuthCoreModule`), every call is a no-op.
 */
export class AuthkitMetrics {
  private readonly verifications: Counter;
  private readonly verificationDuration: Histogram;
  private readonly logins: Counter;
  private readonly throttledAttempts: Counter;
  private readonly revocations: Counter;

  constructor(cache: CredentialCache, provider: MeterProvider = metrics.getMeterProvider()) {
    const meter = provider.getMeter('@authkit/core');
    this.verifications = meter.createCounter('authkit_verifications_total', {
      description:
        'Credentials verified on guarded requests, by scheme and outcome (and reason when refused)',
    });
    this.verificationDuration = meter.createHistogram('authkit_verification_duration_seconds', {
      description:
        'Time to verify a credential, by scheme and whether the credential cache answered',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    this.logins = meter.createCounter('authkit_logins_total', {
      description: 'Login attempts, by endpoint and outcome (and reason when refused)',
    });
    this.throttledAttempts = meter.createCounter('authkit_throttled_total', {
      description: 'Attempts refused by a rate limit, by scheme',
    });
    this.revocations = meter.createCounter('authkit_revocations_total', {
      description: 'Revocations announced to every instance',
    });
    meter
      .createObservableGauge('authkit_credential_cache_entries', {
        description: 'Verified credentials held in this instance’s cache',
      })
      .addCallback((result) => result.observe(cache.size));
  }

  verification(attributes: Attributes, seconds: number, cache: 'hit' | 'miss'): void {
    this.verifications.add(1, attributes);
    this.verificationDuration.record(seconds, { scheme: attributes.scheme, cache });
  }

  login(attributes: Attributes): void {
    this.logins.add(1, attributes);
  }

  throttled(scheme: string): void {
    this.throttledAttempts.add(1, { scheme });
  }

  revoked(): void {
    this.revocations.add(1);
  }
}
