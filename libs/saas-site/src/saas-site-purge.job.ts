import { Inject, Injectable } from '@nestjs/common';
import { PurgeJob } from '@authkit/core/internal';
import {
  RESOLVED_SAAS_SITE_OPTIONS,
  type ResolvedSaasSiteOptions,
} from './saas-site.module-definition';
import { SiteAuthService } from './site-auth.service';

/**
 * Deletes expired access tokens now and then. Expiry is enforced on every use
 * (SiteAuthService); this only keeps the table small.
 */
@Injectable()
export class SaasSitePurgeJob extends PurgeJob {
  constructor(
    sites: SiteAuthService,
    @Inject(RESOLVED_SAAS_SITE_OPTIONS) options: ResolvedSaasSiteOptions,
  ) {
    super(
      'SaasSiteAccessTokenPurge',
      () => sites.purgeExpiredAccessTokens(),
      options.purgeIntervalMs,
    );
  }
}
