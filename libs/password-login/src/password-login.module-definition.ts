export interface PasswordLoginModuleOptions {
  /** Lifetime of an access token, in seconds; 12 hours by default. */
  accessTokenTtlSeconds?: number;
  /** How often expired tokens are purged, in milliseconds; 0 turns the job off. */
  purgeIntervalMs?: number;
  /** Rows deleted per purge statement. */
  purgeBatchSize?: number;
}

export const PASSWORD_LOGIN_DEFAULTS: Required<PasswordLoginModuleOptions> = {
  accessTokenTtlSeconds: 12 * 60 * 60,
  purgeIntervalMs: 5 * 60 * 1000,
  purgeBatchSize: 1000,
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
}

export const PASSWORD_LOGIN_ROUTES = {
  loginPath: ['api/user/login', 'api/users/login'],
  apiTags: ['password bearer'],
} satisfies Required<PasswordLoginRoutes>;
