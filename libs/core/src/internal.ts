// @authkit/core/internal: the building blocks authkit's scheme packages share. Not a stable API for hosts: it may change in any release.
export {
  generateHexSecret,
  isWellFormedHexSecret,
  generateIdentifier,
} from './tokens/secret-token';
export { defaultHashConcurrency, type PasswordCheck } from './passwords/password-hasher';
export { ConcurrencyLimit } from './concurrency/concurrency-limit';
export { type MaybePromise, andThen } from './concurrency/maybe-promise';
export { principalOf } from './audit/auth-audit.service';
export { LoginAuditInterceptor } from './audit/login-audit.interceptor';
export {
  LOGIN_THROTTLE,
  ConfigurableLoginThrottleOptionsModule,
  LOGIN_THROTTLE_OPTIONS_TYPE,
  LOGIN_THROTTLE_ASYNC_OPTIONS_TYPE,
} from './throttling/login-throttle.module-definition';
export { NO_STORE, accountFromBody } from './throttling/login-throttle.decorator';
export { LoginThrottleGuard } from './throttling/login-throttle.guard';
export {
  LOGIN_THROTTLE_STORAGE,
  type RefundableThrottlerStorage,
} from './throttling/login-attempts';
export { PostgresThrottlerStorage } from './throttling/postgres-throttler-storage';
export {
  KnownSignInAddresses,
  PostgresKnownSignInAddresses,
} from './throttling/known-sign-in-addresses';
export { clientNetwork } from './throttling/client-network';
export {
  formatRateLimit,
  parseRateLimit,
  rateLimitOf,
  rateLimitHeaders,
  type RateLimitDecision,
} from './throttling/credential-rate-limit';
export { CredentialRateLimiter } from './throttling/credential-rate-limiter';
export { loginAuditScheme } from './audit/audit-reason';
export { reasonPhrase } from './errors/api-error';
export {
  isDatabaseUnavailableError,
  isUniqueViolation,
  isInvalidInputError,
} from './errors/database-errors';
export { conflictOnDuplicate } from './errors/conflict-on-duplicate';
export { reportUnexpectedError } from './errors/http-exception.filter';
export { apiErrorFromBodyParser } from './errors/body-parser-errors';
export { EXEMPT_FROM_GLOBAL_GUARD } from './auth/exempt-from-global-guard.decorator';
export { PeriodicTask } from './maintenance/periodic-task';
export { PurgeJob } from './maintenance/purge-job';
export { deleteInBatches } from './maintenance/delete-in-batches';
export { describeValidationErrors } from './validation/validation-pipe';
export {
  MAX_CREDENTIAL_LENGTH,
  readBearerToken,
  readBasicCredentials,
} from './http/authorization-header';
export { SecretBox, assertSealedWithThisSecret } from './crypto/secret-box';
export { MethodRegistry, methodDecorator } from './auth/method-registry';
export { type VerifiedCredential, userRevocationTag } from './cache/credential-cache';
export { type RevocationListener, REVOCATION_BUS_OPTIONS } from './cache/revocation-bus';
export { REVOCATION_CHANNEL } from './cache/postgres-revocation-transport';
export {
  parseRevocationTags,
  revocationMessages,
  startHeartbeat,
} from './cache/revocation-transport';
export { uncleanTextMessage, assertCleanText } from './validation/clean-text';
export {
  openApiAvailable,
  ApiBadRequestResponse,
  ApiBasicAuth,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiProperty,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from './openapi/openapi-decorators';
export { HttpResponses } from './http/http-response';
export { SystemClock } from './clock/clock';
export { type HealthIndicatorAnswer, healthAnswer } from './health/authkit-health.indicators';
export { type RevocationListenerStatus } from './cache/revocation-bus';
export { type HttpRequestLike } from './http/http-request';
export { openApiSecurity } from './openapi/openapi-security';
export { withDefaults } from './options/with-defaults';
export { userIdAsTextMigration } from './users/user-id-as-text.migration';
export { type ControllerMount, mountController } from './http/mount-controller';
export { buildSchemeModule } from './options/scheme-module-builder';
export { InjectUserStore, schemeStartupCheck } from './options/scheme-startup-check';
export { checkPayload } from './validation/validate-payload';
export {
  type CredentialQuerySpec,
  type CredentialWithUser,
  CredentialQuery,
} from './users/credential-query';
export { preparedQuery } from './database/prepared-query';
export { CallContext } from './http/call-context';
export { ensureRequestScope } from './context/request-scope';
export {
  MAX_JSON_DEPTH,
  jsonDepthExceeds,
  tooDeepError,
  JsonDepthGuard,
} from './validation/json-depth';
export { inHostSchema } from './database/in-host-schema';
// Moved from the index: the scheme packages use them; a host should not need them.
export { AUTH_CORE_OPTIONS } from './auth-core.module-definition';
export { generateToken, isWellFormedToken, hashSecret, safeEqual } from './tokens/secret-token';
export { graceEndsAt, MAX_GRACE_MS, parseGraceWindow, withinGrace } from './tokens/grace-window';
export {
  type PasswordHashingOptions,
  OWASP_MINIMUM_ARGON2ID,
  PasswordHasher,
} from './passwords/password-hasher';
export { AUTH_AUDIT_OPTIONS, AUTH_AUDIT_DEFAULTS } from './audit/auth-audit.module-definition';
export { AuditRetentionJob } from './audit/audit-retention.job';
export { type AuditEvent } from './audit/auth-audit.service';
export { type AuditOutcome, AuthAuditEntry } from './audit/auth-audit-entry.entity';
export {
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
export { type ErrorCodeValue } from './errors/error-codes';
export { type ApiErrorBody } from './errors/api-error';
export { toErrorResponse } from './errors/http-exception.filter';
export { mapBodyParserErrors } from './errors/body-parser-errors';
export { IS_PUBLIC_KEY, ExemptFromGlobalGuard } from './auth/exempt-from-global-guard.decorator';
export { RequestLoggerMiddleware } from './logging/request-logger.middleware';
export { type CredentialCacheOptions, CredentialCache } from './cache/credential-cache';
export { type RevocationBusOptions } from './cache/revocation-bus';
export { type RevocationSubscriber } from './cache/revocation-transport';
export { PostgresRevocationTransport } from './cache/postgres-revocation-transport';
export { isCleanText, IsCleanText } from './validation/clean-text';
export { validatePayload, IsNonEmptyString, IsNotBlank } from './validation/validate-payload';
export { userKey } from './users/user-store';
export { accountNameKey, accountNameProblem, IsAccountName } from './users/account-name';
export { sqlTable } from './database/prepared-query';
export {
  type CredentialFormat,
  prefixedTokenFormat,
  identifyCredential,
} from './tokens/credential-format';
export {
  type RefusalReason,
  type VerificationNote,
  type AuditedFailure,
  auditedFailure,
  refused,
  refusedShape,
} from './outcomes/refusal';
export { AuthOutcomes } from './outcomes/auth-outcomes';
export {
  type TestCredentialIssuer,
  type TestCredentialSubject,
  testCredentialIssuer,
  testCredentialIssuerToken,
  subjectUser,
} from './testing/test-credentials';
export { currentPrincipal } from './context/auth-context';
export { SCOPE_TOKEN, missingScopes, IsScopes } from './auth/require-scopes.decorator';
