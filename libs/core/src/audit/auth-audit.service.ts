import type { HttpRequestLike } from '../http/http-request';
import { Inject, Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../clock/clock';
import { sqlTable } from '../database/prepared-query';
import { isDatabaseUnavailableError } from '../errors/database-errors';
import { AuditOutcome, AuthAuditEntry } from './auth-audit-entry.entity';
import {
  RESOLVED_AUTH_AUDIT_OPTIONS,
  type ResolvedAuthAuditOptions,
} from './auth-audit.module-definition';

export interface AuditEvent {
  scheme: string;
  outcome: AuditOutcome;
  /** Why it failed: a refusal's reason (`expired`, `revoked`...), or `unavailable` for a fault. */
  reason?: string | null;
  /** What the client was answered: the error body's code. */
  code?: string | null;
  principal?: string | null;
  request?: Pick<HttpRequestLike, 'ip' | 'headers'>;
  /**
   * The refusal presented no credential at all: anonymous traffic, which anyone can send
   * without an account. Such refusals are counted per address, scheme and minute, and
   * written as one row each, so that they cannot fill the disk a row at a time.
   */
  anonymous?: boolean;
}

/**
 * Records authentication attempts: logins, token issue, refresh, revocation
 * and every refusal; successful guarded requests only when
 * `recordGuardedSuccesses` is set. Entries are buffered and written in one
 * multi-row INSERT every flush interval, so that auditing costs no database
 * round trip on the request's path.
 */
@Injectable()
export class AuthAudit implements BeforeApplicationShutdown {
  private readonly logger = new Logger('AuthAudit');
  private buffer: Array<Omit<AuthAuditEntry, 'id'>> = [];
  /** Anonymous refusals of the current minutes, by address, scheme and minute: counted, then written as one row each. */
  private anonymous = new Map<string, Omit<AuthAuditEntry, 'id'>>();
  private readonly timer: NodeJS.Timeout;
  private flushing?: Promise<void>;
  /** Entries refused since the last flush because the buffer was full; reported, never silent. */
  private dropped = 0;

  constructor(
    @InjectRepository(AuthAuditEntry) private readonly entries: Repository<AuthAuditEntry>,
    private readonly clock: Clock,
    @Inject(RESOLVED_AUTH_AUDIT_OPTIONS) private readonly options: ResolvedAuthAuditOptions,
  ) {
    this.timer = setInterval(
      () => void this.flush({ openMinutes: false }),
      options.flushIntervalMs,
    );
    this.timer.unref();
  }

  /** Whether successful guarded requests are recorded (one row per API call). */
  get recordsGuardedSuccesses(): boolean {
    return this.options.recordGuardedSuccesses;
  }

  record(event: AuditEvent): void {
    if (event.anonymous && event.outcome === 'failure') return this.countAnonymous(event);
    if (this.buffer.length >= this.options.maxBuffered) {
      // The database is far behind: do not grow without bound, but say how much was lost.
      this.dropped++;
      return;
    }
    this.buffer.push(this.entryOf(event, this.clock.now()));
  }

  private entryOf(event: AuditEvent, occurredAt: Date): Omit<AuthAuditEntry, 'id'> {
    const userAgent = event.request?.headers['user-agent'];
    return {
      occurredAt,
      scheme: storable(event.scheme, 100)!,
      principal: storable(event.principal, 300),
      outcome: event.outcome,
      reason: storable(event.reason, 100),
      code: storable(event.code, 100),
      clientAddress: storable(event.request?.ip, 100),
      userAgent: storable(typeof userAgent === 'string' ? userAgent : null, 300),
      occurrences: 1,
    };
  }

  /** The anonymous counts to write now, taken out of the map: those of past minutes, or all. */
  private closedAnonymousCounts(openMinutes: boolean): Array<Omit<AuthAuditEntry, 'id'>> {
    const thisMinute = Math.floor(this.clock.now().getTime() / 60_000) * 60_000;
    const closed: Array<Omit<AuthAuditEntry, 'id'>> = [];
    for (const [key, entry] of this.anonymous) {
      if (!openMinutes && entry.occurredAt.getTime() >= thisMinute) continue;
      closed.push(entry);
      this.anonymous.delete(key);
    }
    return closed;
  }

  private countAnonymous(event: AuditEvent): void {
    const minute = new Date(Math.floor(this.clock.now().getTime() / 60_000) * 60_000);
    const key = `${event.scheme}\0${event.request?.ip ?? ''}\0${minute.getTime()}`;
    const counted = this.anonymous.get(key);
    if (counted) counted.occurrences++;
    else if (this.anonymous.size < this.options.maxBuffered)
      this.anonymous.set(key, { ...this.entryOf(event, minute), userAgent: null });
    else this.dropped++;
  }

  /**
   * Writes what is buffered; resolves once it is in the database. The timer leaves the
   * anonymous counts of the minute still running (`openMinutes: false`), so that each is one row.
   */
  async flush({ openMinutes = true }: { openMinutes?: boolean } = {}): Promise<void> {
    await this.flushing;
    if (this.dropped > 0) {
      this.logger.warn(`dropped ${this.dropped} audit entries: the buffer was full`);
      this.dropped = 0;
    }
    const batch = [...this.buffer, ...this.closedAnonymousCounts(openMinutes)];
    this.buffer = [];
    if (batch.length === 0) return;
    this.flushing = this.insert(batch).catch(async (error: Error) => {
      if (isDatabaseUnavailableError(error) || batch.length === 1) {
        this.logger.warn(`could not write ${batch.length} audit entries: ${error.message}`);
        return;
      }
      // One bad row must not cost the others: write them one by one.
      let lost = 0;
      for (const entry of batch) await this.insert([entry]).catch(() => lost++);
      if (lost > 0)
        this.logger.warn(
          `could not write ${lost} of ${batch.length} audit entries: ${error.message}`,
        );
    });
    await this.flushing;
  }

  /** One statement over column arrays: cheap to build on the event loop however long the batch. */
  private async insert(batch: Array<Omit<AuthAuditEntry, 'id'>>): Promise<void> {
    const column = <K extends keyof (typeof batch)[number]>(key: K) =>
      batch.map((entry) => entry[key]);
    await this.entries.query(
      `INSERT INTO ${sqlTable(this.entries.manager.connection, AuthAuditEntry)} (occurred_at, scheme, principal, outcome, reason, code, client_address, user_agent, occurrences)
       SELECT * FROM unnest($1::timestamptz[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[], $8::varchar[], $9::integer[])`,
      [
        column('occurredAt'),
        column('scheme'),
        column('principal'),
        column('outcome'),
        column('reason'),
        column('code'),
        column('clientAddress'),
        column('userAgent'),
        column('occurrences'),
      ],
    );
  }

  /**
   * When any of `principals` (the forms one credential is audited under: `site:12`,
   * `site:acme.example.com`) last succeeded, admin commands and revocations aside; null when never. Guarded
   * requests count only when `recordGuardedSuccesses` is set; logins always do.
   */
  async lastSuccessOf(principals: readonly string[]): Promise<Date | null> {
    await this.flush();
    const row = await this.entries
      .createQueryBuilder('entry')
      .select('MAX(entry.occurredAt)', 'at')
      .where("entry.outcome = 'success'")
      .andWhere('entry.principal IN (:...principals)', { principals })
      .andWhere("entry.scheme NOT LIKE :admin AND entry.scheme <> 'revocation'", {
        admin: 'admin:%',
      })
      .getRawOne<{ at: Date | string | null }>();
    return row?.at ? new Date(row.at) : null;
  }

  /** The latest entries, newest first. */
  async tail(limit: number): Promise<AuthAuditEntry[]> {
    await this.flush();
    return this.entries.find({ order: { id: 'DESC' }, take: limit });
  }

  /** Before any shutdown hook: TypeORM closes the host's connection in its own `onApplicationShutdown`. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

/** Text PostgreSQL stores as it is: cut to the column's size, NUL (which it refuses) replaced. */
function storable(value: string | null | undefined, maxLength: number): string | null {
  if (value === null || value === undefined) return null;
  return value.slice(0, maxLength).replace(/\0/g, '\uFFFD');
}

/**
 * `user:12`, `site:3` or `app:7` for what a strategy accepted: a principal
 * carrying a site, user or app (every scheme's principal has one).
 */
export function principalOf(principal: unknown): string | null {
  if (typeof principal !== 'object' || principal === null) return null;
  const { user, site, app } = principal as {
    user?: { id?: unknown } | null;
    site?: { id?: unknown };
    app?: { id?: unknown } | null;
  };
  if (site?.id !== undefined) return `site:${String(site.id)}`;
  if (user?.id !== undefined) return `user:${String(user.id)}`;
  if (app?.id !== undefined) return `app:${String(app.id)}`;
  return null;
}
