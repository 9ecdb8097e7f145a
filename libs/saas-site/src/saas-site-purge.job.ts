import { Inject, Injectable } from '@nestjs/common';
import { PurgeJob } from '@authkit/core/internal';
import {
  RESOLVED_SAAS_SITE_OPTIONS,
  type ResolvedSaasSiteOptions,
} from './saas-site.module-definition';
import { SiteAdminService } from './site-admin.service';
import { SiteAuthService } from './site-auth.service';

/**
 * Deletes expired access tokens now and then, and closes ended grace windows (auditing each).
 * Expiry and windows are enforced on every use (SiteAuthService); this only keeps the tables
 * small and the audit complete.
 */
@Injectable()
export class SaasSitePurgeJob extends PurgeJob {
  constructor(
    sites: SiteAuthService,
    admin: SiteAdminService,
    @Inject(RESOLVED_SAAS_SITE_OPTIONS) options: ResolvedSaasSiteOptions,
  ) {
    super(
      'SaasSiteAccessTokenPurge',
      async () =>
        (await sites.purgeExpiredAccessTokens()) + (await admin.closeEndedGraceWindows()).length,
      options.purgeIntervalMs,
    );
  }
}
