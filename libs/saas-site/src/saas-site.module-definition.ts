export interface SaasSiteModuleOptions {
  /** Lifetime of a minted `X-Site-Access-Token`, in seconds; 15 minutes by default. */
  accessTokenTtlSeconds?: number;
  /** How often expired access tokens are purged, in milliseconds; 0 turns the job off. 5 minutes by default. */
  purgeIntervalMs?: number;
  /** Rows deleted per purge statement. */
  purgeBatchSize?: number;
}

export const SAAS_SITE_DEFAULTS: Required<SaasSiteModuleOptions> = {
  accessTokenTtlSeconds: 15 * 60,
  purgeIntervalMs: 5 * 60 * 1000,
  purgeBatchSize: 1000,
};

/** The options with defaults applied, built once per module: what the scheme's providers inject. */
export const RESOLVED_SAAS_SITE_OPTIONS = Symbol('RESOLVED_SAAS_SITE_OPTIONS');
export type ResolvedSaasSiteOptions = Required<SaasSiteModuleOptions>;

/** Where site key's own route lives; fixed when the module is mounted, so not among the async options. */
export interface SaasSiteRoutes {
  /** The prefix of the access-token method (`<prefix>/jcloude.saas.api.auth.generate_access_token`); the seed's `api/method` by default. */
  methodPrefix?: string;
  /** OpenAPI tags of the route. */
  apiTags?: string[];
}

export const SAAS_SITE_ROUTES = {
  methodPrefix: 'api/method',
  apiTags: ['site key'],
} satisfies Required<SaasSiteRoutes>;
