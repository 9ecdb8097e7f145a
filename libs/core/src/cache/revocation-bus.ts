import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthAudit } from '../audit/auth-audit.service';
import { CredentialCache } from './credential-cache';
import { PostgresRevocationTransport } from './postgres-revocation-transport';
import { revocationMessages, type RevocationTransport } from './revocation-transport';
import { AuthOutcomes } from '../outcomes/auth-outcomes';

/**
 * Told of every revocation, local or from another instance: the tags, or
 * null when notices may have been missed (the listener reconnected), so that
 * anything kept beside the cache (a key ring) is dropped too.
 */
export type RevocationListener = (tags: readonly string[] | null) => void;
export const REVOCATION_BUS_OPTIONS = Symbol('REVOCATION_BUS_OPTIONS');

export interface RevocationBusOptions {
  /** Listen for other instances' revocations; off for one-shot processes such as the CLI. */
  listen?: boolean;
  /**
   * How often the listening connection is checked, in seconds (5 by default). A
   * check unanswered within as long (a half-open TCP connection never errors)
   * counts as a lost connection: the cache is suspended until listening again.
   */
  heartbeatSeconds?: number;
  /**
   * How revocations travel: PostgreSQL LISTEN/NOTIFY on the app's own pool by
   * default; `redisRevocationTransport(url)` from `@authkit/redis` for Redis
   * pub/sub (behind PgBouncer in transaction pooling, where LISTEN cannot work).
   */
  transport?: RevocationTransport;
}

/** What `RevocationBus.status()` tells a health check. */
export interface RevocationListenerStatus {
  listening: boolean;
  /** The host turned listening off (`revocations: { listen: false }`). */
  disabled: boolean;
  listeningSince: Date | null;
  lastHeartbeatAt: Date | null;
}

/**
 * Tells every instance that credentials were revoked. `revoke(tags)` drops
 * the cached entries here at once and sends the tags over the transport; each
 * instance listens and drops its own entries. Until it listens, and whenever
 * its connection is lost or stops answering its heartbeat, the cache is
 * suspended (a notice could be missed) while the bus listens again.
 */
@Injectable()
export class RevocationBus implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RevocationBus');
  private readonly transport: RevocationTransport;
  private closing = false;
  private retryTimer?: NodeJS.Timeout;
  private readonly listeners: RevocationListener[] = [];
  private listeningSince: Date | null = null;
  private lastHeartbeatAt: Date | null = null;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly cache: CredentialCache,
    @Optional() @Inject(REVOCATION_BUS_OPTIONS) private readonly options: RevocationBusOptions = {},
    @Optional() private readonly audit?: AuthAudit,
    @Optional() private readonly outcomes?: AuthOutcomes,
  ) {
    this.transport =
      options.transport ?? new PostgresRevocationTransport(dataSource, options.heartbeatSeconds);
    // The cache serves only while this instance hears other instances' revocations.
    cache.suspend();
  }

  /** Registers a listener for revocations (see RevocationListener). */
  onRevoked(listener: RevocationListener): void {
    this.listeners.push(listener);
  }

  /**
   * Whether this instance hears revocations now (and so serves from its
   * cache), since when, and when its connection last answered its heartbeat.
   * Wall-clock times: they describe the process, not a credential.
   */
  status(): RevocationListenerStatus {
    return {
      listening: this.listeningSince !== null,
      disabled: this.options.listen === false,
      listeningSince: this.listeningSince,
      lastHeartbeatAt: this.lastHeartbeatAt,
    };
  }

  async revoke(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    this.received(tags);
    // Every revocation of every scheme passes here (admin commands included): one audit entry naming what it revoked.
    this.audit?.record({ scheme: 'revocation', outcome: 'success', principal: tags.join(' ') });
    this.outcomes?.revoked();
    for (const message of revocationMessages(tags)) await this.transport.publish(message);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.listen === false) return;
    await this.listen();
  }

  // Before the pool closes (on shutdown), which waits for every checked-out client.
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.listeningSince = null;
    clearTimeout(this.retryTimer);
    await this.transport.close();
  }

  private async listen(): Promise<void> {
    try {
      await this.transport.listen({
        onTags: (tags) => this.received(tags),
        onLost: () => this.lost(),
        onHeartbeat: () => void (this.lastHeartbeatAt = new Date()),
      });
      if (this.closing) return void (await this.transport.close());
      // Whatever was revoked while no one listened is unknown: whoever keeps state beside the cache reloads it.
      for (const listener of this.listeners) listener(null);
      this.cache.resume();
      this.listeningSince = this.lastHeartbeatAt = new Date();
    } catch (error) {
      this.logger.warn(`cannot listen for revocations (${(error as Error).message}); retrying`);
      this.scheduleRetry();
    }
  }

  private received(tags: readonly string[]): void {
    this.cache.invalidate(tags);
    for (const listener of this.listeners) listener(tags);
  }

  private lost(): void {
    if (this.closing) return;
    this.logger.warn('revocation listener lost its connection or stopped answering; reconnecting');
    this.listeningSince = null;
    // Notices sent while disconnected would be lost: stop serving from the cache until listening again.
    this.cache.suspend();
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closing) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.listen(), 1000);
    this.retryTimer.unref();
  }
}
