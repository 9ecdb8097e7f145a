import { Injectable } from '@nestjs/common';
import { PurgeJob } from '@authkit/core/internal';
import { ApiAppService } from './api-app.service';
import { TokenRealmService } from './token-realm.service';

/**
 * Deletes a realm's expired tokens and emptied families now and then, and closes apps' ended
 * grace windows; expiry and windows themselves are checked on every use.
 */
@Injectable()
export class TokenRealmPurgeJob extends PurgeJob {
  constructor(tokens: TokenRealmService, apps: ApiAppService) {
    super(
      `TokenRealmPurge(${tokens.realm})`,
      async () => (await tokens.purgeExpired()) + (await apps.closeEndedGraceWindows()).length,
      tokens.options.purgeIntervalMs,
    );
  }
}
