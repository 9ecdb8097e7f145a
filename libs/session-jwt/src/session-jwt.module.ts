import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, LoginThrottleModule } from '@authkit/core';
import {
  buildSchemeModule,
  mountController,
  openApiSecurity,
  withDefaults,
  schemeStartupCheck,
} from '@authkit/core/internal';
import { sessionJwtEntities } from './session-jwt.persistence';
import { addSessionJwtSecurity } from './session-jwt.guard';
import { AuthenticationServiceMethods } from './authentication-service.methods';
import { JwtSession } from './entities/jwt-session.entity';
import { SigningKey } from './entities/signing-key.entity';
import { SessionJwtGrpcGatewayController } from './grpc/grpc.controller';
import { GrpcMethodRegistry } from './grpc/grpc-method.registry';
import { SessionJwtJwksController } from './jwks.controller';
import {
  RESOLVED_SESSION_JWT_OPTIONS,
  SESSION_JWT_DEFAULTS,
  type SessionJwtModuleOptions,
  SESSION_JWT_ROUTES,
  type SessionJwtRoutes,
} from './session-jwt.module-definition';
import { SessionJwtService } from './session-jwt.service';
import { SessionJwtPurgeJob } from './session-jwt-purge.job';
import { SigningKeyHealthIndicator } from './signing-key.health';
import { SigningKeyService } from './signing-key.service';
import { SessionBasicStrategy } from './strategies/session-basic.strategy';
import { SessionBearerStrategy } from './strategies/session-bearer.strategy';
import { sessionJwtTestCredentials } from './session-jwt.test-credentials';

const { ConfigurableModuleClass: ConfigurableSessionJwtModule, MODULE_OPTIONS_TOKEN } =
  buildSchemeModule<SessionJwtModuleOptions, SessionJwtRoutes>(
    ({ gatewayPath, jwksPath, apiTags = SESSION_JWT_ROUTES.apiTags }) => [
      mountController(SessionJwtGrpcGatewayController, {
        path: gatewayPath ?? SESSION_JWT_ROUTES.gatewayPath,
        apiTags,
      }),
      mountController(SessionJwtJwksController, {
        path: jwksPath ?? SESSION_JWT_ROUTES.jwksPath,
        apiTags,
      }),
    ],
  );

/** The options as given to `SessionJwtModule.forRoot(...)` (see the resolved options for what the providers use). */
export const SESSION_JWT_OPTIONS = MODULE_OPTIONS_TOKEN;

/**
 * Session JWT (the session-JWT gRPC API): `POST /grpc` with Basic or Bearer, AuthenticateEx /
 * RenewSession / CloseSession, RS256 session JWTs and `/.well-known/jwks.json`.
 * Needs a `UserStore` (IdentityModule, or the host's own through UserStoreModule).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([JwtSession, SigningKey]),
    AuthCoreModule,
    LoginThrottleModule,
  ],
  providers: [
    openApiSecurity('session-jwt', addSessionJwtSecurity),
    sessionJwtTestCredentials,
    schemeStartupCheck({
      module: 'SessionJwtModule',
      entities: sessionJwtEntities,
      entitiesName: 'sessionJwtEntities',
      migrationsName: 'sessionJwtMigrations',
    }),
    {
      provide: RESOLVED_SESSION_JWT_OPTIONS,
      inject: [SESSION_JWT_OPTIONS],
      useFactory: (options: SessionJwtModuleOptions) => withDefaults(SESSION_JWT_DEFAULTS, options),
    },
    SigningKeyService,
    SigningKeyHealthIndicator,
    SessionJwtService,
    GrpcMethodRegistry,
    AuthenticationServiceMethods,
    SessionBasicStrategy,
    SessionBearerStrategy,
    SessionJwtPurgeJob,
  ],
  exports: [
    SessionJwtService,
    SigningKeyService,
    SigningKeyHealthIndicator,
    GrpcMethodRegistry,
    AuthenticationServiceMethods,
    SessionJwtPurgeJob,
  ],
})
export class SessionJwtModule extends ConfigurableSessionJwtModule {}
