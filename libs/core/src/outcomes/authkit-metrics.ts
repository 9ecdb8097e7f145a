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

export type VerificationOutcome = 'accepted' | 'refused' | 'throttled' | 'unavailable';

interface Tally {
  readonly attributes: Attributes;
  count: number;
}

/** One scheme's series: its verification tallies by reason (or outcome), and its histogram attribute sets, made once. */
interface SchemeSeries {
  readonly tallies: Map<string, Tally>;
  readonly duration: Record<'hit' | 'miss', Attributes>;
}

/**
 * authkit's instruments (the wire contracts' metric names), on `@opentelemetry/api` only: without an SDK
 * registered by the host (or a `meterProvider` given to `AuthCoreModule`), every call is a no-op.
 */
export class AuthkitMetrics {
  /**
   * Per scheme: verifications by reason (or outcome where there is none), read by an
   * observable counter when the host's SDK collects. A synchronous counter would hash its
   * attributes on every guarded request (about a microsecond in the SDK); a Map increment does not.
   */
  private readonly series = new Map<string, SchemeSeries>();
  private readonly verificationDuration: Histogram;
  private readonly logins: Counter;
  private readonly throttledAttempts: Counter;
  private readonly revocations: Counter;

  constructor(cache: CredentialCache, provider: MeterProvider = metrics.getMeterProvider()) {
    const meter = provider.getMeter('@authkit/core');
    meter
      .createObservableCounter('authkit_verifications_total', {
        description:
          'Credentials verified on guarded requests, by scheme and outcome (and reason when refused)',
      })
      .addCallback((result) => {
        for (const { tallies } of this.series.values())
          for (const { attributes, count } of tallies.values()) result.observe(count, attributes);
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

  /** One verification: `reason` only where it was refused. */
  verification(
    scheme: string,
    outcome: VerificationOutcome,
    reason: string | undefined,
    seconds: number,
    cache: 'hit' | 'miss',
  ): void {
    let series = this.series.get(scheme);
    if (!series) {
      series = {
        tallies: new Map(),
        duration: { hit: { scheme, cache: 'hit' }, miss: { scheme, cache: 'miss' } },
      };
      this.series.set(scheme, series);
    }
    const key = reason ?? outcome;
    const tally = series.tallies.get(key);
    if (tally) tally.count++;
    else
      series.tallies.set(key, {
        attributes: reason === undefined ? { scheme, outcome } : { scheme, outcome, reason },
        count: 1,
      });
    this.verificationDuration.record(seconds, series.duration[cache]);
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
