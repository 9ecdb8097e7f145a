import type { AuthenticatedPrincipal } from '@authkit/core';
import type { User } from '@authkit/identity';
import type { Site } from './entities/site.entity';
import type { Team } from './entities/team.entity';

export const SITE_TOKEN_STRATEGY = 'saas-site-token';
export const SITE_ACCESS_TOKEN_STRATEGY = 'saas-site-access-token';

/** What the SaaS strategies put in the request context. */
export interface SaasPrincipal extends AuthenticatedPrincipal<User> {
  scheme: typeof SITE_TOKEN_STRATEGY | typeof SITE_ACCESS_TOKEN_STRATEGY;
  user: User;
  site: Site;
  team: Team;
  siteName: string;
  teamName: string;
}

export function saasPrincipal(scheme: SaasPrincipal['scheme'], site: Site): SaasPrincipal {
  return { scheme, user: site.team.user, site, team: site.team, siteName: site.name, teamName: site.team.name };
}

export function isSaasPrincipal(principal: AuthenticatedPrincipal | undefined): principal is SaasPrincipal {
  return principal?.scheme === SITE_TOKEN_STRATEGY || principal?.scheme === SITE_ACCESS_TOKEN_STRATEGY;
}
