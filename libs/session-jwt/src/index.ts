export { SessionJwtModule, SESSION_JWT_OPTIONS } from './session-jwt.module';
export {
  type SessionJwtModuleOptions,
  type SessionJwtRoutes,
  SESSION_JWT_ROUTES,
} from './session-jwt.module-definition';
export { sessionJwtEntities, sessionJwtMigrations } from './session-jwt.persistence';
export { JwtSession } from './entities/jwt-session.entity';
export { SigningKey } from './entities/signing-key.entity';
export {
  SESSION_JWT_BASIC_STRATEGY,
  SESSION_JWT_BEARER_STRATEGY,
  type SessionJwtPrincipal,
} from './session-jwt-principal';
export {
  SessionJwtErrorCode,
  type SessionJwtErrorBody,
  SessionJwtError,
} from './session-jwt-error';
export { SessionJwtErrorFilter } from './session-jwt-error.filter';
export { SessionJwtService } from './session-jwt.service';
export { JWT_ALGORITHM, SigningKeyService } from './signing-key.service';
export { SigningKeyHealthIndicator } from './signing-key.health';
export {
  SESSION_JWT_SECURITY,
  BASIC_CHALLENGE,
  SessionJwtAuthGuard,
  SessionJwtBearerGuard,
  UseSessionJwtAuth,
  CurrentSessionJwtPrincipal,
  addSessionJwtSecurity,
} from './session-jwt.guard';
export {
  type GrpcMethodHandler,
  GrpcGatewayMethod,
  GrpcMethodRegistry,
} from './grpc/grpc-method.registry';
export {
  AUTHENTICATION_SERVICE,
  AuthenticationServiceMethods,
} from './authentication-service.methods';
export {
  type AuthenticateAnswer,
  formatCompactUtc,
  authenticateAnswer,
} from './authenticate-answer';
export { SessionJwtPurgeJob } from './session-jwt-purge.job';
export {
  sessionRevocationTag,
  signingKeyRevocationTag,
  SIGNING_KEY_TAG_PREFIX,
  SIGNING_KEY_ROTATED_TAG,
} from './revocation-tags';
export { sessionJwtCredentialFormats } from './credential-formats';
