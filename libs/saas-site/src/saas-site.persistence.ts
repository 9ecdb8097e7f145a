import { Site } from './entities/site.entity';
import { SiteAccessToken } from './entities/site-access-token.entity';
import { Team } from './entities/team.entity';
import { CreateSaasSites1763800100000 } from './migrations/1763800100000-create-saas-sites';

export const saasSiteEntities = [Team, Site, SiteAccessToken];
export const saasSiteMigrations = [CreateSaasSites1763800100000];
