import type { AuthenticatedPrincipal, AuthUser, LimitedCredential } from '@authkit/core';
import type { ApiApp } from './entities/api-app.entity';

/** The passport strategy name of a realm: one per mounted realm. */
export function tokenRealmStrategyName(realm: string): string {
  return `token-realm:${realm}`;
}

/** What a realm's `X-Access-Token` strategy puts in the request context. */
export interface TokenRealmPrincipal extends AuthenticatedPrincipal<AuthUser> {
  realm: string;
  /** The family (login) the token descends from. */
  familyId: string;
  /** Set for the password grant. */
  user: AuthUser | null;
  /** Set for the app grant. */
  app: ApiApp | null;
  /** What the token may do (`@RequireScopes`): its app's scopes; null (a user's grant, an app made without scopes): everything. */
  scopes: readonly string[] | null;
  /** Its app's rate limit, counted over all the app's grants; null (a user's grant, an app without one): none. */
  rateLimit: LimitedCredential | null;
}
