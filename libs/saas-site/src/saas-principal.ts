import type { AuthenticatedPrincipal, AuthUser, LimitedCredential } from '@authkit/core';
import { rateLimitOf } from '@authkit/core/internal';
import type { Site } from './entities/site.entity';
import type { Team } from './entities/team.entity';

export const SITE_TOKEN_STRATEGY = 'saas-site-token';
export const SITE_ACCESS_TOKEN_STRATEGY = 'saas-site-access-token';

/** What the SaaS strategies put in the request context. */
export interface SaasPrincipal extends AuthenticatedPrincipal<AuthUser> {
  scheme: typeof SITE_TOKEN_STRATEGY | typeof SITE_ACCESS_TOKEN_STRATEGY;
  /** The team's user, whom the site's requests act as. */
  user: AuthUser;
  site: Site;
  team: Team;
  siteName: string;
  teamName: string;
  /** What the site may do (`@RequireScopes`); null: everything. */
  scopes: readonly string[] | null;
  /** The site's own rate limit, counted per site over both its credentials; null: none. */
  rateLimit: LimitedCredential | null;
}

/** A verified site credential: the site (with its team) and the team's user from the `UserStore`. */
export interface VerifiedSite {
  site: Site;
  user: AuthUser;
}

export function saasPrincipal(
  scheme: SaasPrincipal['scheme'],
  { site, user }: VerifiedSite,
): SaasPrincipal {
  return {
    scheme,
    user,
    site,
    team: site.team,
    siteName: site.name,
    teamName: site.team.name,
    scopes: site.scopes ?? null,
    rateLimit: limitedSite(site),
  };
}

export function isSaasPrincipal(
  principal: AuthenticatedPrincipal | undefined,
): principal is SaasPrincipal {
  return (
    principal?.scheme === SITE_TOKEN_STRATEGY || principal?.scheme === SITE_ACCESS_TOKEN_STRATEGY
  );
}

function limitedSite(site: Site): LimitedCredential | null {
  const limit = rateLimitOf(site.rateLimit, site.rateLimitWindowSeconds);
  return limit && { key: `site:${site.id}`, ...limit };
}
