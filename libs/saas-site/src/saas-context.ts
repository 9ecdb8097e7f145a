import { Injectable } from '@nestjs/common';
import { AuthContext, type AuthUser } from '@authkit/core';
import type { Site } from './entities/site.entity';
import type { Team } from './entities/team.entity';
import { isSaasPrincipal, SaasPrincipal } from './saas-principal';

/**
 * The request-scoped context of a `@WhitelistSaasApi()` route, the
 * equivalent of Frappe's `frappe.local.site_name`, `get_site()`, `team_name`,
 * `get_team()` and `session.user`. Inject it into any provider: it reads the
 * current request's values without being handed the request.
 */
@Injectable()
export class SaasContext {
  constructor(private readonly auth: AuthContext) {}

  get principal(): SaasPrincipal {
    const principal = this.auth.getPrincipal();
    if (!isSaasPrincipal(principal)) {
      throw new Error('SaasContext is only available while handling a @WhitelistSaasApi() request');
    }
    return principal;
  }

  get siteName(): string {
    return this.principal.siteName;
  }

  get teamName(): string {
    return this.principal.teamName;
  }

  getSite(): Site {
    return this.principal.site;
  }

  getTeam(): Team {
    return this.principal.team;
  }

  /** The team's user, the request's authenticated user. */
  get user(): AuthUser {
    return this.principal.user;
  }

  /** Which credential authenticated the request. */
  get scheme(): SaasPrincipal['scheme'] {
    return this.principal.scheme;
  }
}
