import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../clock/clock';
import { deleteInBatches } from '../maintenance/delete-in-batches';
import { PurgeJob } from '../maintenance/purge-job';
import { AuthAuditEntry } from './auth-audit-entry.entity';
import {
  RESOLVED_AUTH_AUDIT_OPTIONS,
  type ResolvedAuthAuditOptions,
} from './auth-audit.module-definition';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes audit entries older than `retentionDays`, in batches, on a schedule. */
@Injectable()
export class AuditRetentionJob extends PurgeJob {
  constructor(
    @InjectRepository(AuthAuditEntry) entries: Repository<AuthAuditEntry>,
    clock: Clock,
    @Inject(RESOLVED_AUTH_AUDIT_OPTIONS) options: ResolvedAuthAuditOptions,
  ) {
    super(
      'audit retention',
      async () => {
        if (options.retentionDays <= 0) return 0;
        const horizon = new Date(clock.now().getTime() - options.retentionDays * DAY_MS);
        return deleteInBatches(entries, '"occurred_at" < $1', [horizon], 5000);
      },
      options.purgeIntervalMs,
    );
  }
}
