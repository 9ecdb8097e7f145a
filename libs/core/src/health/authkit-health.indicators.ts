import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RevocationBus } from '../cache/revocation-bus';

/**
 * A health indicator's answer in @nestjs/terminus's shape (`HealthIndicatorResult`):
 * `{ [key]: { status: 'up' | 'down', ...details } }`. `HealthCheckService.check`
 * takes these functions as they are; authkit needs no Terminus of its own.
 */
export type HealthIndicatorAnswer<Key extends string = string> = Record<
  Key,
  { status: 'up' | 'down'; [detail: string]: unknown }
>;

/** One indicator's answer under `key`. */
export function healthAnswer<Key extends string>(
  key: Key,
  status: 'up' | 'down',
  details: Record<string, unknown> = {},
): HealthIndicatorAnswer<Key> {
  return { [key]: { status, ...details } } as HealthIndicatorAnswer<Key>;
}

/**
 * Health indicators of authkit's shared parts, for a host's `/health` (or
 * readiness probe) on @nestjs/terminus:
 * `health.check([() => authkit.revocationListener(), () => authkit.credentialStore()])`.
 */
@Injectable()
export class AuthkitHealthIndicators {
  constructor(
    private readonly revocations: RevocationBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Up while this instance hears other instances' revocations (its cache
   * serves), with when it started and its last heartbeat; down while it
   * reconnects (every credential is then checked in the database: slower,
   * never wrong). Up, and says so, when the host turned listening off.
   */
  revocationListener<Key extends string = 'revocations'>(
    key: Key = 'revocations' as Key,
  ): HealthIndicatorAnswer<Key> {
    const status = this.revocations.status();
    return healthAnswer(key, status.listening || status.disabled ? 'up' : 'down', {
      listening: status.disabled ? 'disabled' : status.listening,
      listeningSince: status.listeningSince?.toISOString() ?? null,
      lastHeartbeatAt: status.lastHeartbeatAt?.toISOString() ?? null,
    });
  }

  /** Up when the database that holds the credentials answers `SELECT 1` within `timeoutMs`. */
  async credentialStore<Key extends string = 'credential_store'>(
    key: Key = 'credential_store' as Key,
    timeoutMs = 2000,
  ): Promise<HealthIndicatorAnswer<Key>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), timeout]);
      return healthAnswer(key, 'up');
    } catch {
      // No driver message: it may name hosts or users.
      return healthAnswer(key, 'down', { message: 'The database does not answer' });
    } finally {
      clearTimeout(timer);
    }
  }
}
