import { Inject, Injectable } from '@nestjs/common';
import { PurgeJob } from '@authkit/core/internal';
import {
  RESOLVED_PARTNER_LOGIN_OPTIONS,
  type ResolvedPartnerLoginOptions,
} from './partner-login.module-definition';
import { PartnerSessionService } from './partner-session.service';

/** Deletes expired sessions and spent login-token records now and then. */
@Injectable()
export class PartnerLoginPurgeJob extends PurgeJob {
  constructor(
    sessions: PartnerSessionService,
    @Inject(RESOLVED_PARTNER_LOGIN_OPTIONS) options: ResolvedPartnerLoginOptions,
  ) {
    super('PartnerSessionPurge', () => sessions.purgeExpired(), options.purgeIntervalMs);
  }
}
