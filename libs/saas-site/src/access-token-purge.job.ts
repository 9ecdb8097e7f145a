import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PeriodicTask } from '@authkit/core';
import { SAAS_SITE_DEFAULTS, SAAS_SITE_OPTIONS, type SaasSiteModuleOptions } from './saas-site.module-definition';
import { SiteAuthService } from './site-auth.service';

/**
 * Deletes expired access tokens now and then. Expiry is enforced on every use
 * (SiteAuthService); this only keeps the table small.
 */
@Injectable()
export class AccessTokenPurgeJob implements OnModuleInit, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    sites: SiteAuthService,
    @Inject(SAAS_SITE_OPTIONS) private readonly options: SaasSiteModuleOptions,
  ) {
    this.task = new PeriodicTask('SaasSiteAccessTokenPurge', () => sites.purgeExpiredAccessTokens());
  }

  onModuleInit(): void {
    this.task.start(this.options.purgeIntervalMs ?? SAAS_SITE_DEFAULTS.purgeIntervalMs);
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  runOnce(): Promise<number> {
    return this.task.runOnce();
  }
}
