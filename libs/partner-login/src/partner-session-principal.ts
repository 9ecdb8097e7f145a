import type { AuthenticatedPrincipal, AuthUser } from '@authkit/core';

export const PARTNER_SESSION_STRATEGY = 'partner-session';

/** A request or JSON-RPC call authenticated by a partner login session token. */
export interface PartnerSessionPrincipal extends AuthenticatedPrincipal<AuthUser> {
  scheme: typeof PARTNER_SESSION_STRATEGY;
  user: AuthUser;
  /** The API code whose login token opened the session; null for `Core.login`. */
  apiCode: string | null;
  sessionExpiresAt: Date;
}
