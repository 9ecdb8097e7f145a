import type { DataSource } from 'typeorm';
import type { Clock } from '../clock/clock';
import { preparedQuery, sqlTableNamed } from '../database/prepared-query';
import type { BatchThrottlerStorage } from './credential-rate-limiter';
import type { RefundableThrottlerStorage } from './login-attempts';
import { LOGIN_COUNTER_TABLE } from './login-throttle.persistence';

type ThrottlerStorageRecord = Awaited<ReturnType<RefundableThrottlerStorage['increment']>>;

/** Expired counters are deleted every this many hits (by whichever instance makes it). */
const SWEEP_EVERY = 500;

/**
 * @nestjs/throttler's storage in the host's PostgreSQL: the login limits'
 * default, so that every instance of an app shares them with nothing more to
 * run. One statement per hit: a fixed window per key, and a block of
 * `blockDuration` once past the limit (the same rule as `RedisThrottlerStorage`).
 * Time is the injectable clock's, so tests can move it.
 */
export class PostgresThrottlerStorage implements RefundableThrottlerStorage, BatchThrottlerStorage {
  private readonly incrementSql: string;
  private readonly refundSql: string;
  private readonly sweepSql: string;
  private readonly addSql: string;
  private hits = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    const table = sqlTableNamed(dataSource, LOGIN_COUNTER_TABLE);
    this.incrementSql = `
      INSERT INTO ${table} AS c ("key", "hits", "window_ends", "blocked_until")
      VALUES ($1, 1, $2::timestamptz + make_interval(secs => $3::float8 / 1000),
              CASE WHEN 1 > $4::int THEN $2::timestamptz + make_interval(secs => $5::float8 / 1000) END)
      ON CONFLICT ("key") DO UPDATE SET
        "hits" = CASE WHEN c."window_ends" <= $2::timestamptz THEN 1 ELSE c."hits" + 1 END,
        "window_ends" = CASE WHEN c."window_ends" <= $2::timestamptz THEN EXCLUDED."window_ends" ELSE c."window_ends" END,
        "blocked_until" = CASE
          WHEN c."blocked_until" > $2::timestamptz THEN c."blocked_until"
          WHEN (CASE WHEN c."window_ends" <= $2::timestamptz THEN 1 ELSE c."hits" + 1 END) > $4::int
            THEN $2::timestamptz + make_interval(secs => $5::float8 / 1000)
        END
      RETURNING "hits", "window_ends", "blocked_until"`;
    this.refundSql = `UPDATE ${table} SET "hits" = "hits" - 1 WHERE "key" = $1 AND "hits" > 0 AND "window_ends" > $2`;
    this.addSql = `
      INSERT INTO ${table} AS c ("key", "hits", "window_ends")
      VALUES ($1, $3, $2::timestamptz + make_interval(secs => $4::float8 / 1000))
      ON CONFLICT ("key") DO UPDATE SET
        "hits" = CASE WHEN c."window_ends" <= $2::timestamptz THEN $3 ELSE c."hits" + $3 END,
        "window_ends" = CASE WHEN c."window_ends" <= $2::timestamptz THEN EXCLUDED."window_ends" ELSE c."window_ends" END
      RETURNING "hits"`;
    this.sweepSql = `DELETE FROM ${table} WHERE "window_ends" < $1 AND ("blocked_until" IS NULL OR "blocked_until" < $1)`;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now();
    const [row] = await preparedQuery(this.dataSource, this.incrementSql, [
      `${throttlerName}:${key}`,
      now,
      ttl,
      limit,
      blockDuration,
    ]);
    if (++this.hits % SWEEP_EVERY === 0) void this.sweep(now).catch(() => undefined);
    const windowEnds = new Date(row.window_ends as string | Date).getTime();
    const blockedUntil =
      row.blocked_until === null ? 0 : new Date(row.blocked_until as string | Date).getTime();
    const blockedFor = Math.max(0, blockedUntil - now.getTime());
    return {
      totalHits: Number(row.hits),
      timeToExpire: Math.max(0, Math.ceil((windowEnds - now.getTime()) / 1000)),
      isBlocked: blockedFor > 0,
      timeToBlockExpire: Math.ceil(blockedFor / 1000),
    };
  }

  /** Adds `hits` to a key's counter at once (the per-credential limits send their hits in batches); its total. */
  async add(key: string, hits: number, ttl: number, throttlerName: string): Promise<number> {
    const [row] = await preparedQuery(this.dataSource, this.addSql, [
      `${throttlerName}:${key}`,
      this.clock.now(),
      hits,
      ttl,
    ]);
    return Number(row.hits);
  }

  /** Takes one hit back from a key's current window. */
  async refund(key: string, throttlerName: string): Promise<void> {
    await preparedQuery(this.dataSource, this.refundSql, [
      `${throttlerName}:${key}`,
      this.clock.now(),
    ]);
  }

  /** Deletes the counters whose window and block have both passed; the number deleted. */
  async sweep(now: Date = this.clock.now()): Promise<number> {
    const [, affected] = (await this.dataSource.query(this.sweepSql, [now])) as [unknown, number];
    return affected ?? 0;
  }
}
