import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import {
  parseRevocationTags,
  type RevocationSubscriber,
  type RevocationTransport,
  startHeartbeat,
} from './revocation-transport';

export const REVOCATION_CHANNEL = 'authkit_revocation';

/**
 * Revocations over PostgreSQL: `NOTIFY` to send, `LISTEN` on one connection of
 * the app's own pool to hear, `SELECT 1` as its heartbeat. Needs session
 * pooling (or none): behind PgBouncer in transaction mode use Redis.
 */
export class PostgresRevocationTransport implements RevocationTransport {
  private client?: PoolClient;
  private stopHeartbeat?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly heartbeatSeconds = 5,
  ) {}

  async publish(tags: readonly string[]): Promise<void> {
    await this.dataSource.query('SELECT pg_notify($1, $2)', [
      REVOCATION_CHANNEL,
      JSON.stringify(tags),
    ]);
  }

  async listen(subscriber: RevocationSubscriber): Promise<void> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    const lost = () => {
      if (this.client !== client) return;
      this.drop();
      subscriber.onLost();
    };
    client.on('notification', (message) => {
      if (message.channel === REVOCATION_CHANNEL)
        subscriber.onTags(parseRevocationTags(message.payload));
    });
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.query(`LISTEN ${REVOCATION_CHANNEL}`);
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.client = client;
    this.stopHeartbeat = startHeartbeat(
      this.heartbeatSeconds * 1000,
      () => client.query('SELECT 1'),
      lost,
      () => subscriber.onHeartbeat?.(),
    );
  }

  async close(): Promise<void> {
    this.drop();
  }

  private drop(): void {
    this.stopHeartbeat?.();
    const client = this.client;
    this.client = undefined;
    client?.release(true);
  }
}
