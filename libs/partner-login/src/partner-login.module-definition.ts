export interface PartnerLoginModuleOptions {
  /** Master secret (32+ bytes) the API codes' secrets are sealed with. Keep it out of the database. */
  masterSecret: string;
  /** Lifetime of a JSON-RPC session token in seconds; 8 hours by default. */
  sessionTtlSeconds?: number;
  /** Clock-skew allowance around a login token's 3-second window, in seconds; 2 by default. */
  clockSkewSeconds?: number;
  /** Requests per JSON-RPC batch; 50 by default. */
  maxBatchSize?: number;
  purgeIntervalMs?: number;
  purgeBatchSize?: number;
}

export const PARTNER_LOGIN_DEFAULTS = {
  sessionTtlSeconds: 8 * 60 * 60,
  clockSkewSeconds: 2,
  maxBatchSize: 50,
  purgeIntervalMs: 5 * 60 * 1000,
  purgeBatchSize: 1000,
} satisfies Omit<Required<PartnerLoginModuleOptions>, 'masterSecret'>;

export type ResolvedPartnerLoginOptions = Required<PartnerLoginModuleOptions>;

export const RESOLVED_PARTNER_LOGIN_OPTIONS = Symbol('RESOLVED_PARTNER_LOGIN_OPTIONS');

/** Where partner login's endpoint lives; fixed when the module is mounted, so not among the async options. */
export interface PartnerLoginRoutes {
  /** Path of the JSON-RPC endpoint; the seed's `jsonrpc` by default. Give the host's text body parser `jsonRpcRequestMatcher(path)`. */
  jsonRpcPath?: string;
  /** OpenAPI tags of the route. */
  apiTags?: string[];
}

export const PARTNER_LOGIN_ROUTES = {
  jsonRpcPath: 'jsonrpc',
  apiTags: ['partner login (JSON-RPC)'],
} satisfies Required<PartnerLoginRoutes>;
