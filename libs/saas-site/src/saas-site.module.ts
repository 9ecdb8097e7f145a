import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, LoginThrottleModule } from '@authkit/core';
import { mountController, registerOpenApiSecurity, withDefaults } from '@authkit/core/internal';
import { addSaasSiteSecurity } from './whitelist-saas-api.decorator';
import { SaasAccessTokenPurgeJob } from './access-token-purge.job';
import { Site } from './entities/site.entity';
import { SiteAccessToken } from './entities/site-access-token.entity';
import { Team } from './entities/team.entity';
import { SaasContext } from './saas-context';
import { ConfigurableSaasSiteModule, RESOLVED_SAAS_SITE_OPTIONS, SAAS_SITE_DEFAULTS, SAAS_SITE_OPTIONS, type SaasSiteModuleOptions, SAAS_SITE_ASYNC_OPTIONS_TYPE, SAAS_SITE_OPTIONS_TYPE, SAAS_SITE_ROUTES, type SaasSiteRoutes } from './saas-site.module-definition';
import { SiteAccessTokenController } from './site-access-token.controller';
import { SiteAdminService } from './site-admin.service';
import { SiteAuthService } from './site-auth.service';
import { SiteAccessTokenStrategy } from './strategies/site-access-token.strategy';
import { SiteTokenStrategy } from './strategies/site-token.strategy';

/**
 * Scheme 1: SaaS sites authenticating with `X-Site` + `X-Site-Token` or a
 * minted `X-Site-Access-Token`, and the `@WhitelistSaasApi()` decorator.
 * Needs a `UserStore` (IdentityModule, or the host's own through UserStoreModule) and the host's ClsModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Team, Site, SiteAccessToken]), AuthCoreModule, LoginThrottleModule],
  providers: [
    {
      provide: RESOLVED_SAAS_SITE_OPTIONS,
      inject: [SAAS_SITE_OPTIONS],
      useFactory: (options: SaasSiteModuleOptions) => withDefaults(SAAS_SITE_DEFAULTS, options),
    },
    SiteAuthService, SiteAdminService, SiteTokenStrategy, SiteAccessTokenStrategy, SaasContext, SaasAccessTokenPurgeJob],
  exports: [SiteAuthService, SiteAdminService, SaasContext, SaasAccessTokenPurgeJob],
})
export class SaasSiteModule extends ConfigurableSaasSiteModule {
  static forRoot(options: typeof SAAS_SITE_OPTIONS_TYPE): DynamicModule {
    return withRoutes(super.forRoot(options), options);
  }

  static forRootAsync(options: typeof SAAS_SITE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withRoutes(super.forRootAsync(options), options);
  }

  constructor() {
    super();
    registerOpenApiSecurity('saas-site', addSaasSiteSecurity);
  }
}

/** The scheme's controllers under the host's paths and tags. */
function withRoutes(module: DynamicModule, routes: SaasSiteRoutes): DynamicModule {
  return { ...module, controllers: [mountController(SiteAccessTokenController, { path: routes.methodPrefix ?? SAAS_SITE_ROUTES.methodPrefix, apiTags: routes.apiTags ?? SAAS_SITE_ROUTES.apiTags })] };
}
