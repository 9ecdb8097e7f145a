import type { OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Clock } from '../clock/clock';
import type { LimitedCredential, RateLimitDecision } from './credential-rate-limit';

/** A `ThrottlerStorage` that can add several hits at once (the PostgreSQL and Redis storages can). */
export interface BatchThrottlerStorage extends ThrottlerStorage {
  /** Adds `hits` to a key's counter (made to live `ttl` ms) and answers its total. */
  add(key: string, hits: number, ttl: number, throttlerName: string): Promise<number>;
}

function canAdd(storage: ThrottlerStorage): storage is BatchThrottlerStorage {
  return typeof (storage as Partial<BatchThrottlerStorage>).add === 'function';
}

const THROTTLER_NAME = 'credential';
/** The storages' own limit is not used (the limiter decides); PostgreSQL's counter is an int. */
const NO_STORAGE_LIMIT = 2_147_483_647;

/** One credential's count in its current window, as this instance knows it. */
interface WindowCount {
  windowStart: number;
  windowMs: number;
  /** The shared total when last read (everything every instance has sent). */
  shared: number;
  /** Hits admitted here and not yet sent. */
  pending: number;
  /** Hits being sent now. */
  sending: number;
  /** Whether this instance has read the shared total in this window (its first hit does). */
  known: boolean;
  /** Whether a refusal was already reported in this window (the audit writes the first). */
  refusalReported: boolean;
}

/**
 * Per-credential rate limits over the login limits' storage (PostgreSQL by default, Redis,
 * or memory), counted in fixed windows aligned to the clock, so that every instance counts the
 * same window. The first request of a window on an instance reads the shared total (one round
 * trip per credential, window and instance); after it, a request in the first half of the
 * allowance is decided here, on this instance's knowledge, with no round trip: its hit is sent
 * to the shared store with the others every `syncMs`, which also reads back what the other
 * instances counted. From the half on, each hit is added to the shared store before it is decided, so the limit holds
 * across instances where it matters. Past the limit, refusals are decided here again (a window's
 * count never goes down). When the store cannot be reached, each instance holds the limit on
 * its own count rather than refusing the credential's traffic.
 */
export class CredentialRateLimiter implements OnModuleDestroy {
  private readonly counts = new Map<string, WindowCount>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly storage: ThrottlerStorage,
    private readonly clock: Clock,
    private readonly syncMs = 100,
  ) {}

  /** Counts one request of an accepted credential; synchronous unless it is near its limit. */
  hit(credential: LimitedCredential): RateLimitDecision | Promise<RateLimitDecision> {
    const now = this.clock.now().getTime();
    const count = this.countOf(credential, now);
    const resetSeconds = Math.max(1, Math.ceil((count.windowStart + count.windowMs - now) / 1000));
    const decide = (total: number): RateLimitDecision => ({
      limit: credential.limit,
      windowSeconds: credential.windowSeconds,
      allowed: total <= credential.limit,
      remaining: Math.max(0, credential.limit - total),
      resetSeconds,
    });
    const used = count.shared + count.pending + count.sending;
    if (used >= credential.limit) return decide(used + 1);
    if (count.known && used + 1 <= credential.limit / 2) {
      count.pending++;
      this.startSyncing();
      return decide(used + 1);
    }
    return this.send(credential.key, count, 1).then(decide);
  }

  /**
   * True the first time in a window that the credential is refused, so that a credential
   * hammering past its limit is audited once per window, not once per request.
   */
  firstRefusal(credential: LimitedCredential): boolean {
    const count = this.counts.get(credential.key);
    if (!count || count.refusalReported) return false;
    count.refusalReported = true;
    return true;
  }

  /** Sends every count's pending hits now (the timer does it every `syncMs`). */
  async sync(): Promise<void> {
    const now = this.clock.now().getTime();
    const sends: Promise<number>[] = [];
    for (const [key, count] of this.counts) {
      if (count.pending > 0) sends.push(this.send(key, count, 0));
      else if (count.sending === 0 && count.windowStart + count.windowMs <= now)
        this.counts.delete(key);
    }
    await Promise.all(sends);
    if (this.counts.size === 0) this.stop();
  }

  /** When the app closes: the last pending hits go to the store. */
  async onModuleDestroy(): Promise<void> {
    await this.sync().catch(() => undefined);
    this.stop();
  }

  /** Stops the timer. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private countOf(credential: LimitedCredential, now: number): WindowCount {
    const windowMs = credential.windowSeconds * 1000;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const known = this.counts.get(credential.key);
    if (known?.windowStart === windowStart && known.windowMs === windowMs) return known;
    const fresh: WindowCount = {
      windowStart,
      windowMs,
      shared: 0,
      pending: 0,
      sending: 0,
      known: false,
      refusalReported: false,
    };
    this.counts.set(credential.key, fresh);
    return fresh;
  }

  /** Sends the count's pending hits and `extra` more; answers the total the store now holds (or this instance's, without it). */
  private async send(key: string, count: WindowCount, extra: number): Promise<number> {
    const hits = count.pending + extra;
    count.pending = 0;
    count.sending += hits;
    const ttl = count.windowStart + count.windowMs - this.clock.now().getTime() + 1000;
    try {
      const total = await this.add(`${key}:${count.windowStart}`, hits, Math.max(1000, ttl));
      count.shared = Math.max(count.shared, total);
      count.known = true;
      return total;
    } catch {
      count.shared += hits;
      return count.shared + count.pending + count.sending - hits;
    } finally {
      count.sending -= hits;
    }
  }

  private async add(key: string, hits: number, ttl: number): Promise<number> {
    if (canAdd(this.storage)) return this.storage.add(key, hits, ttl, THROTTLER_NAME);
    let total = 0;
    for (let i = 0; i < hits; i++)
      ({ totalHits: total } = await this.storage.increment(
        key,
        ttl,
        NO_STORAGE_LIMIT,
        0,
        THROTTLER_NAME,
      ));
    return total;
  }

  private startSyncing(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sync().catch(() => undefined), this.syncMs);
    this.timer.unref();
  }
}
