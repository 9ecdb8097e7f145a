import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SAAS_SITE_DEFAULTS, SAAS_SITE_OPTIONS, type SaasSiteModuleOptions } from './saas-site.module-definition';
import { SiteAuthService } from './site-auth.service';

/**
 * Deletes expired access tokens now and then. Expiry is enforced on every use
 * (SiteAuthService); this only keeps the table small.
 */
@Injectable()
export class AccessTokenPurgeJob implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SaasSiteAccessTokenPurge');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly sites: SiteAuthService,
    @Inject(SAAS_SITE_OPTIONS) private readonly options: SaasSiteModuleOptions,
  ) {}

  onModuleInit(): void {
    const interval = this.options.purgeIntervalMs ?? SAAS_SITE_DEFAULTS.purgeIntervalMs;
    if (interval <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), interval);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async runOnce(): Promise<number> {
    try {
      const purged = await this.sites.purgeExpiredAccessTokens();
      if (purged > 0) this.logger.log(`purged ${purged} expired access tokens`);
      return purged;
    } catch (error) {
      this.logger.warn(`purge failed: ${(error as Error).message}`);
      return 0;
    }
  }
}
