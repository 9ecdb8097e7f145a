// @authkit/core: what a host uses. The building blocks the scheme packages share are in `@authkit/core/internal`.
export { AuthCoreModule } from './auth-core.module';
export { AUTH_CORE_OPTIONS, type AuthCoreModuleOptions } from './auth-core.module-definition';
export { Clock, SystemClock, ManualClock } from './clock/clock';
export { type AuthenticatedPrincipal, AuthContext, currentPrincipal } from './context/auth-context';
export { generateToken, isWellFormedToken, hashSecret, safeEqual } from './tokens/secret-token';
export {
  type PasswordHashingOptions,
  OWASP_MINIMUM_ARGON2ID,
  PasswordHasher,
} from './passwords/password-hasher';
export { AuthAuditModule } from './audit/auth-audit.module';
export {
  AUTH_AUDIT_OPTIONS,
  AUTH_AUDIT_DEFAULTS,
  type AuthAuditModuleOptions,
} from './audit/auth-audit.module-definition';
export { AuditRetentionJob } from './audit/audit-retention.job';
export { type AuditEvent, AuthAudit } from './audit/auth-audit.service';
export { type AuditOutcome, AuthAuditEntry } from './audit/auth-audit-entry.entity';
export { auditEntities, auditMigrations } from './audit/audit.persistence';
export { LoginThrottleModule } from './throttling/login-throttle.module';
export { loginThrottleMigrations } from './throttling/login-throttle.persistence';
export {
  type RateLimit,
  type LoginThrottleOptions,
  LOGIN_THROTTLE_DEFAULTS,
  type LoginCredential,
  type LoginThrottleSpec,
  LOGIN_THROTTLE_OPTIONS,
} from './throttling/login-throttle.module-definition';
export { LoginEndpoint } from './throttling/login-throttle.decorator';
export {
  type LoginAttempt,
  loginAccount,
  TooManyAttemptsError,
  LoginAttempts,
} from './throttling/login-attempts';
export { ErrorCode, type ErrorCodeValue } from './errors/error-codes';
export { type ApiErrorBody, ApiError } from './errors/api-error';
export { AuthkitSetupError } from './options/scheme-startup-check';
export { toErrorResponse, HttpExceptionFilter } from './errors/http-exception.filter';
export { mapBodyParserErrors } from './errors/body-parser-errors';
export {
  IS_PUBLIC_KEY,
  ExemptFromGlobalGuard,
  Public,
  isPublicRoute,
  isExemptFromGlobalGuard,
} from './auth/exempt-from-global-guard.decorator';
export { type AnyOfAuthGuardOptions, AnyOfAuthGuard } from './auth/any-of-auth.guard';
export { UseAuth } from './auth/use-auth.decorator';
export { DefaultDenyGuard } from './auth/default-deny.guard';
export { RequestLoggerMiddleware } from './logging/request-logger.middleware';
export { createValidationPipe } from './validation/validation-pipe';
export { type CredentialCacheOptions, CredentialCache } from './cache/credential-cache';
export { type RevocationBusOptions, RevocationBus } from './cache/revocation-bus';
export { type RevocationTransport, type RevocationSubscriber } from './cache/revocation-transport';
export { PostgresRevocationTransport } from './cache/postgres-revocation-transport';
export { isCleanText, IsCleanText } from './validation/clean-text';
export { validatePayload, IsNonEmptyString, IsNotBlank } from './validation/validate-payload';
export {
  type AuthUser,
  type UserLookup,
  type UserDisabledListener,
  type SqlUserJoin,
  UserStore,
  userKey,
} from './users/user-store';
export { accountNameKey, accountNameProblem, IsAccountName } from './users/account-name';
export { sqlTable } from './database/prepared-query';
export { type UserStoreModuleOptions, UserStoreModule } from './users/user-store.module';
export { addAuthkitSecurity, type OpenApiDocumentBuilder } from './openapi/openapi-security';
