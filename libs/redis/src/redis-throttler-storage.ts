import Redis from 'ioredis';

/** One hit, atomically: count it in its window, and block the key for `blockDuration` once past the limit. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], 1, 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return { hits, ttl, blocked }
`;

/** One hit back, within the current window only. */
const REFUND = `
local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
if hits > 0 then redis.call('DECR', KEYS[1]) end
return hits
`;

/** Several hits at once, in a window made to live ARGV[2] ms when the key is new. */
const ADD = `
local hits = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) <= 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return hits
`;

/** @nestjs/throttler's `ThrottlerStorageRecord`, by shape (this package does not depend on the throttler). */
interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * @nestjs/throttler's storage in Redis, so that every instance shares the login
 * limits: `LoginThrottleModule.forRoot({ storage: new RedisThrottlerStorage(url) })`.
 * Commands fail fast while Redis is away, and the login limiter then refuses
 * (503) rather than letting guesses through uncounted.
 */
export class RedisThrottlerStorage {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      lazyConnect: true,
    });
    this.redis.on('error', () => undefined);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `{${key}:${throttlerName}}`;
    const [hits, timeToExpire, blocked] = (await this.redis.eval(
      INCREMENT,
      2,
      `${base}:hits`,
      `${base}:blocked`,
      ttl,
      limit,
      blockDuration,
    )) as number[];
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(timeToExpire / 1000),
      isBlocked: blocked > 0,
      timeToBlockExpire: Math.max(0, Math.ceil(blocked / 1000)),
    };
  }

  /** Adds `hits` to a key's counter at once (the per-credential limits send their hits in batches); its total. */
  async add(key: string, hits: number, ttl: number, throttlerName: string): Promise<number> {
    return (await this.redis.eval(ADD, 1, `{${key}:${throttlerName}}:hits`, hits, ttl)) as number;
  }

  /** Takes one hit back (the login limits give back a successful sign-in's hit on its account's ceiling). */
  async refund(key: string, throttlerName: string): Promise<void> {
    await this.redis.eval(REFUND, 1, `{${key}:${throttlerName}}:hits`);
  }

  /** Closes the connection (the login limiter calls it when the app shuts down). */
  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
