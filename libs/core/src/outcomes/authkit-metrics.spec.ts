import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { Attributes } from '@opentelemetry/api';
import { CredentialCache } from '../cache/credential-cache';
import { SystemClock } from '../clock/clock';
import { AuthkitMetrics } from './authkit-metrics';

/** Collects on demand, as a Prometheus scrape does. */
class ScrapeReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

async function scrape(reader: MetricReader) {
  const { resourceMetrics } = await reader.collect();
  const all = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  const points = (name: string) =>
    all.find((metric) => metric.descriptor.name === name)?.dataPoints ?? [];
  return {
    counts: (name: string) =>
      points(name).map((point) => ({ attributes: point.attributes, value: point.value })),
    histogramCounts: (name: string) =>
      points(name).map((point) => ({
        attributes: point.attributes,
        count: (point.value as { count: number }).count,
      })),
  };
}

const sorted = <T extends { attributes: Attributes }>(points: T[]) =>
  [...points].sort((a, b) =>
    JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)),
  );

describe('AuthkitMetrics', () => {
  let reader: ScrapeReader;
  let metrics: AuthkitMetrics;

  beforeEach(() => {
    reader = new ScrapeReader();
    metrics = new AuthkitMetrics(
      new CredentialCache(new SystemClock()),
      new MeterProvider({ readers: [reader] }),
    );
  });

  it('counts verifications by scheme and outcome, the reason only on refusals, cumulatively across scrapes', async () => {
    metrics.verification('site-key', 'accepted', undefined, 0.00002, 'hit');
    metrics.verification('site-key', 'accepted', undefined, 0.002, 'miss');
    metrics.verification('site-key', 'refused', 'unknown', 0.002, 'miss');
    metrics.verification('site-key', 'refused', 'expired', 0.002, 'miss');
    metrics.verification('token-realm', 'throttled', undefined, 0.00001, 'miss');
    metrics.verification('token-realm', 'unavailable', undefined, 0.5, 'miss');
    const first = await scrape(reader);
    expect(sorted(first.counts('authkit_verifications_total'))).toEqual(
      sorted([
        { attributes: { scheme: 'site-key', outcome: 'accepted' }, value: 2 },
        { attributes: { scheme: 'site-key', outcome: 'refused', reason: 'unknown' }, value: 1 },
        { attributes: { scheme: 'site-key', outcome: 'refused', reason: 'expired' }, value: 1 },
        { attributes: { scheme: 'token-realm', outcome: 'throttled' }, value: 1 },
        { attributes: { scheme: 'token-realm', outcome: 'unavailable' }, value: 1 },
      ]),
    );

    metrics.verification('site-key', 'accepted', undefined, 0.00002, 'hit');
    const second = await scrape(reader);
    expect(second.counts('authkit_verifications_total')).toContainEqual({
      attributes: { scheme: 'site-key', outcome: 'accepted' },
      value: 3,
    });
  });

  it('times each verification by scheme and by whether the cache answered', async () => {
    metrics.verification('site-key', 'accepted', undefined, 0.00002, 'hit');
    metrics.verification('site-key', 'accepted', undefined, 0.00003, 'hit');
    metrics.verification('site-key', 'refused', 'unknown', 0.002, 'miss');
    metrics.verification('session-jwt', 'accepted', undefined, 0.0001, 'miss');
    const { histogramCounts } = await scrape(reader);
    expect(sorted(histogramCounts('authkit_verification_duration_seconds'))).toEqual(
      sorted([
        { attributes: { scheme: 'site-key', cache: 'hit' }, count: 2 },
        { attributes: { scheme: 'site-key', cache: 'miss' }, count: 1 },
        { attributes: { scheme: 'session-jwt', cache: 'miss' }, count: 1 },
      ]),
    );
  });

  it('works with no SDK registered (the API’s no-op provider)', () => {
    const unregistered = new AuthkitMetrics(new CredentialCache(new SystemClock()));
    expect(() =>
      unregistered.verification('site-key', 'accepted', undefined, 0.00002, 'hit'),
    ).not.toThrow();
  });
});
