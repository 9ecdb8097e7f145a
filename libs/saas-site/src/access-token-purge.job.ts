import { Inject, Injectable } from '@nestjs/common';
import { PurgeJob } from '@authkit/core';
import { SAAS_SITE_DEFAULTS, SAAS_SITE_OPTIONS, type SaasSiteModuleOptions } from './saas-site.module-definition';
import { SiteAuthService } from './site-auth.service';

/**
 * Deletes expired access tokens now and then. Expiry is enforced on every use
 * (SiteAuthService); this only keeps the table small.
 */
@Injectable()
export class AccessTokenPurgeJob extends PurgeJob {
  constructor(sites: SiteAuthService, @Inject(SAAS_SITE_OPTIONS) options: SaasSiteModuleOptions) {
    super('SaasSiteAccessTokenPurge', () => sites.purgeExpiredAccessTokens(), options.purgeIntervalMs ?? SAAS_SITE_DEFAULTS.purgeIntervalMs);
  }
}
