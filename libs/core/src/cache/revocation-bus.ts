import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { AuthAudit } from '../audit/auth-audit.service';
import { CredentialCache } from './credential-cache';

export const REVOCATION_CHANNEL = 'authkit_revocation';

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
}

/**
 * Tells every instance that credentials were revoked. `revoke(tags)` drops
 * the cached entries here at once and sends the tags over PostgreSQL
 * `NOTIFY`; each instance `LISTEN`s on one pooled connection and drops its own
 * entries. Until it listens, and whenever that connection is lost or stops
 * answering its heartbeat, the cache is suspended (a notice could be missed)
 * while the listener reconnects.
 */
@Injectable()
export class RevocationBus implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RevocationBus');
  private listener?: PoolClient;
  private closing = false;
  private retryTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private readonly listeners: RevocationListener[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: CredentialCache,
    @Optional() @Inject(REVOCATION_BUS_OPTIONS) private readonly options: RevocationBusOptions = {},
    @Optional() private readonly audit?: AuthAudit,
  ) {
    // The cache serves only while this instance hears other instances' revocations.
    cache.suspend();
  }

  /** Registers a listener for revocations (see RevocationListener). */
  onRevoked(listener: RevocationListener): void {
    this.listeners.push(listener);
  }

  async revoke(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    this.received(tags);
    // Every revocation of every scheme passes here (admin commands included): one audit entry naming what it revoked.
    this.audit?.record({ scheme: 'revocation', outcome: 'success', principal: tags.join(' ') });
    await this.dataSource.query('SELECT pg_notify($1, $2)', [REVOCATION_CHANNEL, JSON.stringify(tags)]);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.listen === false) return;
    await this.listen();
  }

  // Before the pool closes (on shutdown), which waits for every checked-out client.
  beforeApplicationShutdown(): void {
    this.closing = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeatTimer);
    const listener = this.listener;
    this.listener = undefined;
    listener?.release(true);
  }

  private async listen(): Promise<void> {
    try {
      const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
      const client = await pool.connect();
      client.on('notification', (message) => {
        if (message.channel === REVOCATION_CHANNEL) this.received(parseTags(message.payload));
      });
      client.on('error', () => this.lost(client));
      client.on('end', () => this.lost(client));
      await client.query(`LISTEN ${REVOCATION_CHANNEL}`);
      if (this.closing) return client.release(true);
      this.listener = client;
      // Whatever was revoked while no one listened is unknown: whoever keeps state beside the cache reloads it.
      for (const listener of this.listeners) listener(null);
      this.cache.resume();
      this.startHeartbeat(client);
    } catch (error) {
      this.logger.warn(`cannot listen for revocations (${(error as Error).message}); retrying`);
      this.scheduleRetry();
    }
  }

  private received(tags: readonly string[]): void {
    this.cache.invalidate(tags);
    for (const listener of this.listeners) listener(tags);
  }

  private startHeartbeat(client: PoolClient): void {
    const periodMs = (this.options.heartbeatSeconds ?? 5) * 1000;
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => void this.beat(client, periodMs), periodMs);
    this.heartbeatTimer.unref();
  }

  private async beat(client: PoolClient, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const silence = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([client.query('SELECT 1'), silence]);
    } catch (error) {
      if (this.listener === client) this.logger.warn(`revocation listener stopped answering (${(error as Error).message}); reconnecting`);
      this.lost(client);
    } finally {
      clearTimeout(timer);
    }
  }

  private lost(client: PoolClient): void {
    if (this.listener !== client || this.closing) return;
    this.listener = undefined;
    clearInterval(this.heartbeatTimer);
    // Notices sent while disconnected would be lost: stop serving from the cache until listening again.
    this.cache.suspend();
    client.release(true);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closing) return;
    this.retryTimer = setTimeout(() => void this.listen(), 1000);
    this.retryTimer.unref();
  }
}

function parseTags(payload: string | undefined): string[] {
  try {
    const tags: unknown = JSON.parse(payload ?? '[]');
    return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}
