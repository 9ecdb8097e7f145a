import { Injectable } from '@nestjs/common';
import { currentRequestScope, ensureRequestScope } from './request-scope';

/** What every scheme records about the request it authenticated. */
export interface AuthenticatedPrincipal<User = unknown> {
  /** The strategy name that accepted the request, e.g. `saas-site-token`. */
  scheme: string;
  /** The principal's user record (for a site: its team's user; for an app: none). */
  user: User | null;
  /** Further scheme-specific values (site, team, session id, realm...). */
  [key: string]: unknown;
}

/**
 * The request-scoped authentication context, on the core's own
 * AsyncLocalStorage: every HTTP request runs in a scope of its own (the core
 * installs it on the host's HTTP server when the app starts; the host mounts
 * nothing). Guards and strategies fill it; any provider can read it during the
 * request without being handed the request.
 */
@Injectable()
export class AuthContext {
  /** True while a request (or another scope) is active. */
  get isActive(): boolean {
    return currentRequestScope() !== undefined;
  }

  setPrincipal<User>(principal: AuthenticatedPrincipal<User>): void {
    ensureRequestScope().principal = principal;
  }

  getPrincipal<User = unknown>(): AuthenticatedPrincipal<User> | undefined {
    return currentPrincipal<User>();
  }

  /** The principal, or an error when the code runs outside an authenticated request. */
  requirePrincipal<User = unknown>(): AuthenticatedPrincipal<User> {
    const principal = this.getPrincipal<User>();
    if (!principal) throw new Error('No authenticated principal in the current request context');
    return principal;
  }

  get user(): unknown {
    return this.getPrincipal()?.user ?? null;
  }

  get scheme(): string | undefined {
    return this.getPrincipal()?.scheme;
  }
}

/**
 * The current request's principal, for code outside Nest's injector such as
 * param decorators. Undefined outside a request or before authentication.
 */
export function currentPrincipal<User = unknown>(): AuthenticatedPrincipal<User> | undefined {
  return currentRequestScope()?.principal as AuthenticatedPrincipal<User> | undefined;
}
