import { Inject, Injectable } from '@nestjs/common';
import { PurgeJob } from '@authkit/core/internal';
import {
  RESOLVED_SESSION_JWT_OPTIONS,
  type ResolvedSessionJwtOptions,
} from './session-jwt.module-definition';
import { SessionJwtService } from './session-jwt.service';

/** Deletes expired and closed sessions now and then; both are refused on every use regardless. */
@Injectable()
export class SessionJwtPurgeJob extends PurgeJob {
  constructor(
    sessions: SessionJwtService,
    @Inject(RESOLVED_SESSION_JWT_OPTIONS) options: ResolvedSessionJwtOptions,
  ) {
    super('SessionJwtPurge', () => sessions.purgeEndedSessions(), options.purgeIntervalMs);
  }
}
