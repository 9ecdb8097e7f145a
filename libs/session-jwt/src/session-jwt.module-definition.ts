export interface SessionJwtModuleOptions {
  /**
   * Master secret (32+ bytes) the signing keys' private halves are encrypted
   * with before they are stored. Keep it out of the database: configuration or a secret store.
   */
  masterSecret: string;
  /** `iss` of the tokens; `authkit` by default. */
  issuer?: string;
  /** `aud` of the tokens; the session-JWT gRPC API's `*.*` by default. */
  audience?: string;
  /** Session (and token) lifetime in seconds, from login or renewal; 4 hours by default, as in the seed. */
  sessionTtlSeconds?: number;
  /** How long verification keys are cached in memory before the table is read again, in seconds. */
  keyCacheSeconds?: number;
  /** How often expired and closed sessions are purged, in milliseconds; 0 turns the job off. */
  purgeIntervalMs?: number;
  purgeBatchSize?: number;
}

export const SESSION_JWT_DEFAULTS = {
  issuer: 'authkit',
  audience: '*.*',
  sessionTtlSeconds: 4 * 60 * 60,
  keyCacheSeconds: 30,
  purgeIntervalMs: 5 * 60 * 1000,
  purgeBatchSize: 1000,
} satisfies Omit<Required<SessionJwtModuleOptions>, 'masterSecret'>;

export type ResolvedSessionJwtOptions = Required<SessionJwtModuleOptions>;

/** Where session JWT's routes live; fixed when the module is mounted, so not among the async options. */
export interface SessionJwtRoutes {
  /** Path of the HTTP face of the gRPC API; the seed's `grpc` by default. */
  gatewayPath?: string;
  /** Path of the JSON Web Key Set; `.well-known/jwks.json` by default. */
  jwksPath?: string;
  /** OpenAPI tags of the routes. */
  apiTags?: string[];
}

export const SESSION_JWT_ROUTES = {
  gatewayPath: 'grpc',
  jwksPath: '.well-known/jwks.json',
  apiTags: ['session JWT'],
} satisfies Required<SessionJwtRoutes>;

export const RESOLVED_SESSION_JWT_OPTIONS = Symbol('RESOLVED_SESSION_JWT_OPTIONS');
