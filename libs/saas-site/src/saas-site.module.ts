import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, LoginThrottleModule } from '@authkit/core';
import {
  buildSchemeModule,
  mountController,
  openApiSecurity,
  withDefaults,
  schemeStartupCheck,
} from '@authkit/core/internal';
import { saasSiteEntities } from './saas-site.persistence';
import { addSaasSiteSecurity } from './whitelist-saas-api.decorator';
import { SaasSitePurgeJob } from './saas-site-purge.job';
import { Site } from './entities/site.entity';
import { SiteAccessToken } from './entities/site-access-token.entity';
import { Team } from './entities/team.entity';
import { SaasContext } from './saas-context';
import {
  RESOLVED_SAAS_SITE_OPTIONS,
  SAAS_SITE_DEFAULTS,
  type SaasSiteModuleOptions,
  SAAS_SITE_ROUTES,
  type SaasSiteRoutes,
} from './saas-site.module-definition';
import { SiteAccessTokenController } from './site-access-token.controller';
import { SiteAdminService } from './site-admin.service';
import { SiteAuthService } from './site-auth.service';
import { SiteAccessTokenStrategy } from './strategies/site-access-token.strategy';
import { SiteTokenStrategy } from './strategies/site-token.strategy';
import { saasSiteTestCredentials } from './saas-site.test-credentials';

const { ConfigurableModuleClass: ConfigurableSaasSiteModule, MODULE_OPTIONS_TOKEN } =
  buildSchemeModule<SaasSiteModuleOptions, SaasSiteRoutes>((routes) => [
    mountController(SiteAccessTokenController, {
      path: routes.methodPrefix ?? SAAS_SITE_ROUTES.methodPrefix,
      apiTags: routes.apiTags ?? SAAS_SITE_ROUTES.apiTags,
    }),
  ]);

/** The options as given to `SaasSiteModule.forRoot(...)` (see the resolved options for what the providers use). */
export const SAAS_SITE_OPTIONS = MODULE_OPTIONS_TOKEN;

/**
 * Site key: SaaS sites authenticating with `X-Site` + `X-Site-Token` or a
 * minted `X-Site-Access-Token`, and the `@WhitelistSaasApi()` decorator.
 * Needs a `UserStore` (IdentityModule, or the host's own through UserStoreModule).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Team, Site, SiteAccessToken]),
    AuthCoreModule,
    LoginThrottleModule,
  ],
  providers: [
    openApiSecurity('saas-site', addSaasSiteSecurity),
    saasSiteTestCredentials,
    schemeStartupCheck({
      module: 'SaasSiteModule',
      entities: saasSiteEntities,
      entitiesName: 'saasSiteEntities',
      migrationsName: 'saasSiteMigrations',
    }),
    {
      provide: RESOLVED_SAAS_SITE_OPTIONS,
      inject: [SAAS_SITE_OPTIONS],
      useFactory: (options: SaasSiteModuleOptions) => withDefaults(SAAS_SITE_DEFAULTS, options),
    },
    SiteAuthService,
    SiteAdminService,
    SiteTokenStrategy,
    SiteAccessTokenStrategy,
    SaasContext,
    SaasSitePurgeJob,
  ],
  exports: [SiteAuthService, SiteAdminService, SaasContext, SaasSitePurgeJob],
})
export class SaasSiteModule extends ConfigurableSaasSiteModule {}
