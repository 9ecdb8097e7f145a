export { SaasSiteModule, SAAS_SITE_OPTIONS } from './saas-site.module';
export {
  type SaasSiteModuleOptions,
  type SaasSiteRoutes,
  SAAS_SITE_ROUTES,
} from './saas-site.module-definition';
export { saasSiteEntities, saasSiteMigrations } from './saas-site.persistence';
export { Team } from './entities/team.entity';
export { type SiteStatus, Site } from './entities/site.entity';
export { SiteAccessToken } from './entities/site-access-token.entity';
export {
  SITE_TOKEN_STRATEGY,
  SITE_ACCESS_TOKEN_STRATEGY,
  type SaasPrincipal,
  saasPrincipal,
  isSaasPrincipal,
} from './saas-principal';
export { SaasContext } from './saas-context';
export { SaasSiteAuthGuard } from './saas-site.guard';
export {
  SAAS_SECURITY,
  WhitelistSaasApi,
  addSaasSiteSecurity,
  CurrentSaasSitePrincipal,
  CurrentSite,
  CurrentTeam,
  CurrentSiteName,
} from './whitelist-saas-api.decorator';
export {
  SITE_SECRET_PREFIX,
  IMPORTED_SITE_SECRET_PATTERN,
  siteRevocationTag,
  SiteAuthService,
} from './site-auth.service';
export { SiteAdminService } from './site-admin.service';
export { SaasSitePurgeJob } from './saas-site-purge.job';
export { saasSiteCredentialFormats } from './credential-formats';
