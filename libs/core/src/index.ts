// @authkit/core: what a host uses. The building blocks the scheme packages share are in `@authkit/core/internal`.
export { AuthCoreModule } from './auth-core.module';
export { type AuthCoreModuleOptions } from './auth-core.module-definition';
export { Clock, ManualClock } from './clock/clock';
export { type AuthenticatedPrincipal, AuthContext } from './context/auth-context';
export { AuthAuditModule } from './audit/auth-audit.module';
export { type AuthAuditModuleOptions } from './audit/auth-audit.module-definition';
export { AuthAudit } from './audit/auth-audit.service';
export { auditEntities, auditMigrations } from './audit/audit.persistence';
export { LoginThrottleModule } from './throttling/login-throttle.module';
export type { CredentialOverview } from './tokens/credential-overview';
export type { CredentialRateLimit, LimitedCredential } from './throttling/credential-rate-limit';
export { loginThrottleMigrations } from './throttling/login-throttle.persistence';
export {
  type RateLimit,
  type LoginThrottleOptions,
} from './throttling/login-throttle.module-definition';
export { ErrorCode } from './errors/error-codes';
export { ApiError } from './errors/api-error';
export { AuthkitSetupError } from './options/scheme-startup-check';
export { HttpExceptionFilter } from './errors/http-exception.filter';
export { Public, isPublicRoute } from './auth/exempt-from-global-guard.decorator';
export { type AnyOfAuthGuardOptions, AnyOfAuthGuard } from './auth/any-of-auth.guard';
export { UseAuth } from './auth/use-auth.decorator';
export { RequireScopes } from './auth/require-scopes.decorator';
export { DefaultDenyGuard } from './auth/default-deny.guard';
export { createValidationPipe } from './validation/validation-pipe';
export { RevocationBus } from './cache/revocation-bus';
export { AuthkitHealthIndicators } from './health/authkit-health.indicators';
export { type RevocationTransport } from './cache/revocation-transport';
export {
  type AuthUser,
  type UserLookup,
  type UserDisabledListener,
  type SqlUserJoin,
  UserStore,
} from './users/user-store';
export { type AuthRefusal } from './outcomes/refusal';
export { type UserStoreModuleOptions, UserStoreModule } from './users/user-store.module';
export { addAuthkitSecurity, type OpenApiDocumentBuilder } from './openapi/openapi-security';
