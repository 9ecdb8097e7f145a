import type { INestApplicationContext } from '@nestjs/common';
import { type AuthUser, UserStore } from '@authkit/core';
import { type TestCredentialIssuer, testCredentialIssuerToken } from '@authkit/core/internal';

/** A mounted mechanism that issues to users: `password-login`, `partner-login`, `session-jwt`, `token-realm:<realm>`. */
export type UserCredentialScheme =
  'password-login' | 'partner-login' | 'session-jwt' | `token-realm:${string}`;

/**
 * Working credentials for a host's own e2e tests, issued by the mounted modules' own services
 * (stored hashed, expiring, revocable, exactly as a login's) without the login's HTTP round
 * trip or a password. Each answers the request headers that present the credential:
 *
 * ```ts
 * const kit = AuthkitTesting.for(app);
 * const headers = await kit.headersFor('password-login', user.id);
 * await request(app.getHttpServer()).get('/me').set(headers).expect(200);
 * ```
 */
export class AuthkitTesting {
  private constructor(private readonly app: INestApplicationContext) {}

  /** The kit for an app (or testing module) that mounts the schemes. */
  static for(app: INestApplicationContext): AuthkitTesting {
    return new AuthkitTesting(app);
  }

  /** Headers signed in as `user` (the `UserStore`'s user, or its id) for a mounted mechanism. */
  async headersFor(
    scheme: UserCredentialScheme,
    user: AuthUser | string | number,
  ): Promise<Record<string, string>> {
    return this.issuer(scheme)({ user: await this.userOf(user) });
  }

  /** Site key: headers acting as the site named (a site access token), its team and its team's user. */
  async siteHeaders(siteName: string): Promise<Record<string, string>> {
    return this.issuer('saas-site')({ site: siteName });
  }

  private issuer(scheme: string): TestCredentialIssuer {
    try {
      return this.app.get<string, TestCredentialIssuer>(testCredentialIssuerToken(scheme), {
        strict: false,
      });
    } catch {
      throw new Error(`AuthkitTesting: no mounted module issues ${scheme} credentials in this app`);
    }
  }

  private async userOf(user: AuthUser | string | number): Promise<AuthUser> {
    if (typeof user === 'object') return user;
    const found = await this.app.get(UserStore, { strict: false }).findById(String(user));
    if (!found) throw new Error(`AuthkitTesting: the UserStore has no user ${user}`);
    return found;
  }
}
