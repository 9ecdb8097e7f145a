import { inHostSchema } from '@authkit/core/internal';
import { Site } from './entities/site.entity';
import { SiteAccessToken } from './entities/site-access-token.entity';
import { Team } from './entities/team.entity';
import { CreateSaasSites1763800100000 } from './migrations/1763800100000-create-saas-sites';
import { SiteSecretGeneration1766000200000 } from './migrations/1766000200000-site-secret-generation';
import { SaasTeamUserIdAsText1765000100000 } from './migrations/1765000100000-saas-team-user-id-as-text';
import { SiteScopes1767000100000 } from './migrations/1767000100000-site-scopes';
import { SiteSecretGrace1767000300000 } from './migrations/1767000300000-site-secret-grace';
import { SiteRateLimit1767000600000 } from './migrations/1767000600000-site-rate-limit';

export const saasSiteEntities = [Team, Site, SiteAccessToken];
export const saasSiteMigrations = inHostSchema([
  CreateSaasSites1763800100000,
  SaasTeamUserIdAsText1765000100000,
  SiteSecretGeneration1766000200000,
  SiteScopes1767000100000,
  SiteSecretGrace1767000300000,
  SiteRateLimit1767000600000,
]);
