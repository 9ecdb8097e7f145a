import { Clock } from '../clock/clock';
import { noteCacheLookup } from '../outcomes/refusal';

export interface CredentialCacheOptions {
  /** Entries kept at most; when full, one not read lately goes first (second chance, close to least recently used). 0 turns the cache off. 10,000 by default. */
  maxEntries?: number;
  /**
   * Longest an entry lives, whatever the credential's own expiry, in seconds: a
   * bound on staleness should a revocation notice ever be lost. 30 by default.
   */
  maxAgeSeconds?: number;
}

/** What a scheme found on verifying a credential: the value to serve, until when, and its revocation tags. */
export interface VerifiedCredential<T> {
  value: T;
  /** The credential's own expiry; none for a credential that does not expire (the cache's max age still bounds it). */
  expiresAt?: Date;
  tags: readonly string[];
}

const NEVER = new Date(8.64e15);

interface Entry {
  value: unknown;
  expiresAt: number;
  tags: readonly string[];
  /** Read since it was stored or last spared by eviction. */
  read: boolean;
}

/**
 * Verified credentials, kept in memory so a guarded request need not reach
 * the database. Only credentials that passed verification are stored
 * (unknown tokens never enter, so they cannot evict useful entries); an entry
 * never outlives the credential's expiry; revocations drop entries by tag
 * (`user:12`, `site:3`, `session:<sid>`...) here and, through the
 * RevocationBus, on every other instance.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private active = true;
  /** Bumped by every revocation, clear and suspension: a verification that saw another generation is not stored. */
  private generation = 0;

  constructor(
    private readonly clock: Clock,
    options: CredentialCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxAgeMs = (options.maxAgeSeconds ?? 30) * 1000;
  }

  get size(): number {
    return this.entries.size;
  }

  /** False while suspended (revocations from elsewhere could not reach it). */
  get serving(): boolean {
    return this.active;
  }

  /** The cached value for a credential's hash, or undefined (absent, expired, or the cache suspended). */
  get<T>(namespace: string, hash: string): T | undefined {
    if (!this.active) return undefined;
    const key = `${namespace}:${hash}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now().getTime()) {
      this.remove(key);
      return undefined;
    }
    // A flag, not a move to the back of the map: a hit stays a lookup, and eviction gives read entries a second chance.
    entry.read = true;
    return entry.value as T;
  }

  /**
   * The cached value for a credential's hash, or else what `verify` finds,
   * kept for next time. `verify` answers null for a credential it refuses:
   * that is never cached, so unknown tokens cannot evict useful entries.
   * A hit is answered as it is, not as a promise: the hot path adds no tick.
   */
  getOrVerify<T>(
    namespace: string,
    hash: string,
    verify: () => Promise<VerifiedCredential<T> | null>,
  ): T | Promise<T | null> {
    const cached = this.get<T>(namespace, hash);
    noteCacheLookup(cached !== undefined);
    if (cached !== undefined) return cached;
    return this.verifyAndKeep(namespace, hash, verify);
  }

  private async verifyAndKeep<T>(
    namespace: string,
    hash: string,
    verify: () => Promise<VerifiedCredential<T> | null>,
  ): Promise<T | null> {
    const generation = this.generation;
    const verified = await verify();
    if (!verified) return null;
    // A revocation that landed while the database was read may concern what it read: serve it this once, keep nothing.
    if (generation === this.generation)
      this.set(namespace, hash, verified.value, {
        expiresAt: verified.expiresAt ?? NEVER,
        tags: verified.tags,
      });
    return verified.value;
  }

  /** Stores a verified credential until `expiresAt` (or the max age, if sooner), tagged for revocation. */
  set(
    namespace: string,
    hash: string,
    value: unknown,
    options: { expiresAt: Date; tags: readonly string[] },
  ): void {
    if (this.maxEntries <= 0 || !this.active) return;
    const now = this.clock.now().getTime();
    const expiresAt = Math.min(options.expiresAt.getTime(), now + this.maxAgeMs);
    if (expiresAt <= now) return;
    const key = `${namespace}:${hash}`;
    this.remove(key);
    while (this.entries.size >= this.maxEntries) this.evictOne();
    this.entries.set(key, { value, expiresAt, tags: options.tags, read: false });
    for (const tag of options.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  /** Drops every entry carrying one of `tags`. */
  invalidate(tags: readonly string[]): void {
    this.generation++;
    for (const tag of tags) {
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) this.remove(key);
    }
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.byTag.clear();
  }

  /** Empties the cache and stops serving from it: revocations from elsewhere could not reach it now. */
  suspend(): void {
    this.active = false;
    this.clear();
  }

  resume(): void {
    this.active = true;
  }

  /** From the oldest: an entry read since it was stored moves to the back, unread; the first entry not read goes. */
  private evictOne(): void {
    for (const [key, entry] of this.entries) {
      if (!entry.read) {
        this.remove(key);
        return;
      }
      entry.read = false;
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}

/** The tag every scheme puts on a user's cached credentials; disabling the user revokes it. */
export function userRevocationTag(userId: number | string): string {
  return `user:${userId}`;
}
