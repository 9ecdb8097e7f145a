import type { AuthenticatedPrincipal, AuthUser } from '@authkit/core';

export const SESSION_JWT_BASIC_STRATEGY = 'session-jwt-basic';
export const SESSION_JWT_BEARER_STRATEGY = 'session-jwt-bearer';

/** What session JWT's strategies put in the request context. */
export interface SessionJwtPrincipal extends AuthenticatedPrincipal<AuthUser> {
  scheme: typeof SESSION_JWT_BASIC_STRATEGY | typeof SESSION_JWT_BEARER_STRATEGY;
  user: AuthUser;
  /** The session of a Bearer token; absent for Basic. */
  sessionId?: string;
  sessionExpiresAt?: Date;
  /** The names of the user's roles (the token's `rls` holds their ids). */
  roleNames?: string[];
}
