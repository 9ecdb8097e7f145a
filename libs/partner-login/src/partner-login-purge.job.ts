import { Inject, Injectable } from '@nestjs/common';
import { PurgeJob } from '@authkit/core/internal';
import {
  RESOLVED_PARTNER_LOGIN_OPTIONS,
  type ResolvedPartnerLoginOptions,
} from './partner-login.module-definition';
import { ApiCodeService } from './api-code.service';
import { PartnerSessionService } from './partner-session.service';

/** Deletes expired sessions and spent login-token records now and then, and closes ended grace windows. */
@Injectable()
export class PartnerLoginPurgeJob extends PurgeJob {
  constructor(
    sessions: PartnerSessionService,
    codes: ApiCodeService,
    @Inject(RESOLVED_PARTNER_LOGIN_OPTIONS) options: ResolvedPartnerLoginOptions,
  ) {
    super(
      'PartnerSessionPurge',
      async () => (await sessions.purgeExpired()) + (await codes.closeEndedGraceWindows()).length,
      options.purgeIntervalMs,
    );
  }
}
