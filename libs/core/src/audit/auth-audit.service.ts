import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Repository } from 'typeorm';
import { Clock } from '../clock/clock';
import { AuditOutcome, AuthAuditEntry } from './auth-audit-entry.entity';

export interface AuditEvent {
  scheme: string;
  outcome: AuditOutcome;
  reason?: string | null;
  principal?: string | null;
  request?: Pick<Request, 'ip' | 'headers'>;
}

const FLUSH_EVERY_MS = 500;
const MAX_BUFFERED = 10_000;

/**
 * Records every authentication attempt. Entries are buffered and written in
 * one multi-row INSERT every half second, so that auditing a cached
 * credential check costs no database round trip on the request's path.
 */
@Injectable()
export class AuthAudit implements OnApplicationShutdown {
  private readonly logger = new Logger('AuthAudit');
  private buffer: Array<Omit<AuthAuditEntry, 'id'>> = [];
  private readonly timer: NodeJS.Timeout;
  private flushing?: Promise<void>;
  /** Entries refused since the last flush because the buffer was full; reported, never silent. */
  private dropped = 0;

  constructor(
    @InjectRepository(AuthAuditEntry) private readonly entries: Repository<AuthAuditEntry>,
    private readonly clock: Clock,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  record(event: AuditEvent): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      // The database is far behind: do not grow without bound, but say how much was lost.
      this.dropped++;
      return;
    }
    const userAgent = event.request?.headers['user-agent'];
    this.buffer.push({
      occurredAt: this.clock.now(),
      scheme: event.scheme.slice(0, 100),
      principal: event.principal?.slice(0, 300) ?? null,
      outcome: event.outcome,
      reason: event.reason?.slice(0, 100) ?? null,
      clientAddress: event.request?.ip?.slice(0, 100) ?? null,
      userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 300) : null,
    });
  }

  /** Writes what is buffered; resolves once it is in the database. */
  async flush(): Promise<void> {
    await this.flushing;
    if (this.dropped > 0) {
      this.logger.warn(`dropped ${this.dropped} audit entries: the buffer was full`);
      this.dropped = 0;
    }
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    // One statement over column arrays: cheap to build on the event loop however long the batch.
    const column = <K extends keyof (typeof batch)[number]>(key: K) => batch.map((entry) => entry[key]);
    this.flushing = this.entries
      .query(
        `INSERT INTO auth_audit_log (occurred_at, scheme, principal, outcome, reason, client_address, user_agent)
         SELECT * FROM unnest($1::timestamptz[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[])`,
        [column('occurredAt'), column('scheme'), column('principal'), column('outcome'), column('reason'), column('clientAddress'), column('userAgent')],
      )
      .then(() => undefined)
      .catch((error: Error) => this.logger.warn(`could not write ${batch.length} audit entries: ${error.message}`));
    await this.flushing;
  }

  /** The latest entries, newest first. */
  async tail(limit: number): Promise<AuthAuditEntry[]> {
    await this.flush();
    return this.entries.find({ order: { id: 'DESC' }, take: limit });
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

/**
 * `user:12`, `site:3` or `app:7` for what a strategy accepted: a principal
 * carrying a site, user or app, or a user record itself.
 */
export function principalOf(principal: unknown): string | null {
  if (typeof principal !== 'object' || principal === null) return null;
  const { user, site, app, id, username } = principal as {
    user?: { id?: unknown } | null;
    site?: { id?: unknown };
    app?: { id?: unknown } | null;
    id?: unknown;
    username?: unknown;
  };
  if (site?.id !== undefined) return `site:${String(site.id)}`;
  if (user?.id !== undefined) return `user:${String(user.id)}`;
  if (app?.id !== undefined) return `app:${String(app.id)}`;
  if (id !== undefined && typeof username === 'string') return `user:${String(id)}`;
  return null;
}
