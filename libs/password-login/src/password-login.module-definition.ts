import type { AuthUser } from '@authkit/core';
import {
  type IssuedLoginToken,
  loginAnswer,
  type LoginAnswer,
  sameDirection,
} from './login-profile';
import type { LoginRequest } from './login.dto';

export interface PasswordLoginModuleOptions {
  /** Lifetime of an access token, in seconds; 12 hours by default. */
  accessTokenTtlSeconds?: number;
  /** How often expired tokens are purged, in milliseconds; 0 turns the job off. */
  purgeIntervalMs?: number;
  /** Rows deleted per purge statement. */
  purgeBatchSize?: number;
  /**
   * Whether the account, whose password was right, may log in with this
   * request; a refusal is the same 401 as a wrong password. By default the
   * request's `direction` must be the account's `direction` attribute.
   */
  acceptsLogin?: (user: AuthUser, request: LoginRequest) => boolean;
  /** The login's 200 body. By default the user's profile, `country`, `direction`, the token and its expiry. */
  answer?: (user: AuthUser, token: IssuedLoginToken) => object;
}

export const PASSWORD_LOGIN_DEFAULTS: Required<PasswordLoginModuleOptions> = {
  accessTokenTtlSeconds: 12 * 60 * 60,
  purgeIntervalMs: 5 * 60 * 1000,
  purgeBatchSize: 1000,
  acceptsLogin: sameDirection,
  answer: (user, token): LoginAnswer =>
    loginAnswer(user, token.accessToken, token.expiresAtSeconds),
};

/** The options with defaults applied, built once per module: what the scheme's providers inject. */
export const RESOLVED_PASSWORD_LOGIN_OPTIONS = Symbol('RESOLVED_PASSWORD_LOGIN_OPTIONS');
export type ResolvedPasswordLoginOptions = Required<PasswordLoginModuleOptions>;

/** Where password bearer's login lives; fixed when the module is mounted, so not among the async options. */
export interface PasswordLoginRoutes {
  /** Path(s) of the login; the password-bearer login API's `api/user/login` and its first spelling `api/users/login` by default. */
  loginPath?: string | string[];
  /** OpenAPI tags of the route. */
  apiTags?: string[];
  /** Headers the login must carry, non-empty (400 naming the first missing); `country` by default. */
  requiredHeaders?: string[];
}

export const PASSWORD_LOGIN_ROUTES = {
  loginPath: ['api/user/login', 'api/users/login'],
  apiTags: ['password bearer'],
  requiredHeaders: ['country'],
} satisfies Required<PasswordLoginRoutes>;
