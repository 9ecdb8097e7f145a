import type { RevocationTransport } from '@authkit/core';
import type { RevocationSubscriber } from '@authkit/core/internal';
import { parseRevocationTags, REVOCATION_CHANNEL, startHeartbeat } from '@authkit/core/internal';
import Redis from 'ioredis';

export interface RedisRevocationTransportOptions {
  /** How often the subscriber connection is checked with PING, in seconds; 5 by default. */
  heartbeatSeconds?: number;
}

/**
 * Revocations over Redis pub/sub: `PUBLISH` to send, one subscriber
 * connection to hear, `PING` as its heartbeat. Works wherever the app reaches
 * Redis, whatever sits between it and PostgreSQL (PgBouncer in transaction
 * pooling has no LISTEN). ioredis does not reconnect on its own here: a lost
 * connection is reported, and the bus listens again on a fresh one.
 */
export class RedisRevocationTransport implements RevocationTransport {
  private readonly publisher: Redis;
  private subscriber?: Redis;
  private stopHeartbeat?: () => void;

  constructor(
    private readonly url: string,
    private readonly options: RedisRevocationTransportOptions = {},
  ) {
    // Commands fail fast while Redis is away: a revocation that cannot be sent is an error, not a silent queue.
    this.publisher = new Redis(url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    this.publisher.on('error', () => undefined);
  }

  async publish(tags: readonly string[]): Promise<void> {
    if (this.publisher.status === 'wait') await this.publisher.connect();
    await this.publisher.publish(REVOCATION_CHANNEL, JSON.stringify(tags));
  }

  async listen(subscriber: RevocationSubscriber): Promise<void> {
    const connection = new Redis(this.url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    const lost = () => {
      if (this.subscriber !== connection) return;
      this.drop();
      subscriber.onLost();
    };
    connection.on('error', () => undefined);
    connection.on('close', lost);
    connection.on('message', (channel: string, payload: string) => {
      if (channel === REVOCATION_CHANNEL) subscriber.onTags(parseRevocationTags(payload));
    });
    try {
      await connection.connect();
      await connection.subscribe(REVOCATION_CHANNEL);
    } catch (error) {
      connection.disconnect();
      throw error;
    }
    this.subscriber = connection;
    this.stopHeartbeat = startHeartbeat(
      (this.options.heartbeatSeconds ?? 5) * 1000,
      () => connection.ping(),
      lost,
      () => subscriber.onHeartbeat?.(),
    );
  }

  async close(): Promise<void> {
    this.drop();
    this.publisher.disconnect();
  }

  private drop(): void {
    this.stopHeartbeat?.();
    const connection = this.subscriber;
    this.subscriber = undefined;
    connection?.disconnect();
  }
}

/** `AuthCoreModule.forRoot({ revocations: { transport: redisRevocationTransport(process.env.REDIS_URL) } })`. */
export function redisRevocationTransport(
  url: string,
  options?: RedisRevocationTransportOptions,
): RedisRevocationTransport {
  return new RedisRevocationTransport(url, options);
}
