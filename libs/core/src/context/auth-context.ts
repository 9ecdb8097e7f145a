import { Injectable } from '@nestjs/common';
import { ClsService, ClsServiceManager } from 'nestjs-cls';

/** What every scheme records about the request it authenticated. */
export interface AuthenticatedPrincipal<User = unknown> {
  /** The strategy name that accepted the request, e.g. `saas-site-token`. */
  scheme: string;
  /** The principal's user record (for a site: its team's user; for an app: none). */
  user: User | null;
  /** Further scheme-specific values (site, team, session id, realm...). */
  [key: string]: unknown;
}

// A symbol: nestjs-cls reads string keys as dotted paths, which costs on every request.
const PRINCIPAL_KEY = Symbol('authkit.principal');

/**
 * The request-scoped authentication context, backed by nestjs-cls. Guards and
 * strategies fill it; any provider can read it during the request without
 * being handed the request. The host app mounts `ClsModule.forRoot` (with its
 * middleware), as nestjs-cls asks; libraries never do.
 */
@Injectable()
export class AuthContext {
  constructor(private readonly cls: ClsService) {}

  /** True while a request (or another CLS scope) is active. */
  get isActive(): boolean {
    return this.cls.isActive();
  }

  setPrincipal<User>(principal: AuthenticatedPrincipal<User>): void {
    this.cls.set(PRINCIPAL_KEY, principal);
  }

  getPrincipal<User = unknown>(): AuthenticatedPrincipal<User> | undefined {
    return this.cls.isActive() ? this.cls.get(PRINCIPAL_KEY) : undefined;
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
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? cls.get(PRINCIPAL_KEY) : undefined;
}
