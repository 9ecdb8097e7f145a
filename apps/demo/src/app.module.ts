import { Module } from '@nestjs/common';
import { ConditionalModule, ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import {
  AuthAuditModule,
  AuthCoreModule,
  createValidationPipe,
  DefaultDenyGuard,
  HttpExceptionFilter,
  LoginThrottleModule,
} from '@authkit/core';
import { DatabaseModule } from '@authkit/database';
import { IdentityModule } from '@authkit/identity';
import { PasswordLoginModule } from '@authkit/password-login';
import { PartnerLoginModule } from '@authkit/partner-login';
import { SaasSiteModule } from '@authkit/saas-site';
import { SessionJwtModule } from '@authkit/session-jwt';
import { TokenRealmModule } from '@authkit/token-realm';
import { BenchRoutesModule } from './bench/bench-routes.module';
import { BrowserLoginController } from './browser-login/browser-login.controller';
import { HealthController } from './health/health.controller';
import { DemoMetrics } from './metrics/demo-metrics';
import { DemoMetricsModule } from './metrics/demo-metrics.module';
import { PartnerMeController } from './partner-login/partner-me.controller';
import { UserProfileController } from './password-login/user-profile.controller';
import { loadMasterSecret } from './master-secret';
import { demoPersistence } from './persistence';
import { AuthenticationServiceGrpcController } from '@authkit/session-jwt/native-grpc';
import { GrpcWhoamiController } from './session-jwt/grpc-whoami.controller';
import { WhoamiGrpcController } from './session-jwt/whoami.grpc-controller';
import { DemoJsonRpcMethods } from './partner-login/demo-jsonrpc.methods';
import { DEMO_SETTINGS, type DemoModuleSettings } from './demo-settings';
import { DemoSettingsModule } from './demo-settings.module';
import { SaasDemoController } from './saas/saas-demo.controller';
import { SiteGreeter } from './saas/site-greeter.service';
import {
  ROOMINK_REALM,
  RoominkMeController,
  SNIPE_REALM,
  SnipeMeController,
} from './token-realms/realm-me.controller';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    // The request-scoped context every scheme fills; mounted as middleware so guards see it.
    DemoSettingsModule,
    // GET /metrics (Prometheus text), and the meter provider authkit records into; METRICS=off removes both.
    DemoMetricsModule,
    AuthCoreModule.forRootAsync({
      imports: [DemoSettingsModule],
      inject: [DEMO_SETTINGS, DemoMetrics],
      useFactory: (settings: DemoModuleSettings, metrics: DemoMetrics | null) => ({
        ...settings.core,
        meterProvider: metrics?.provider,
      }),
    }),
    DatabaseModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        databaseUrl: config.get<string>('DATABASE_URL') || undefined,
        schema: config.get<string>('DATABASE_SCHEMA') || undefined,
        dataDir: config.get<string>('DATA_DIR') || '.data',
        ...demoPersistence,
      }),
    }),
    // Every login attempt: per client address, per account and address, machine credentials apart; in Redis when REDIS_URL is set.
    LoginThrottleModule.forRootAsync({
      imports: [DemoSettingsModule],
      inject: [DEMO_SETTINGS],
      useFactory: (settings: DemoModuleSettings) => settings.throttle,
    }),
    // Logins, token issue, refresh, revocation and every refusal of every scheme, in auth_audit_log.
    AuthAuditModule.forRootAsync({
      imports: [DemoSettingsModule],
      inject: [DEMO_SETTINGS],
      useFactory: (settings: DemoModuleSettings) => settings.audit,
    }),
    IdentityModule.forRootAsync({
      imports: [DemoSettingsModule],
      inject: [DEMO_SETTINGS],
      useFactory: (settings: DemoModuleSettings) => settings.identity,
    }),
    SaasSiteModule.forRootAsync({
      imports: [DemoSettingsModule],
      inject: [DEMO_SETTINGS],
      useFactory: (settings: DemoModuleSettings) => settings.saasSite,
    }),
    PasswordLoginModule.forRootAsync({
      imports: [DemoSettingsModule],
      inject: [DEMO_SETTINGS],
      useFactory: (settings: DemoModuleSettings) => settings.passwordLogin,
    }),
    // Scheme 4, mounted twice: one module, two realms whose tokens never cross.
    TokenRealmModule.registerAsync({
      realm: SNIPE_REALM,
      imports: [DemoSettingsModule],
      inject: [DEMO_SETTINGS],
      useFactory: (settings: DemoModuleSettings) => ({
        ...settings.realm(SNIPE_REALM),
        grants: ['password'],
      }),
    }),
    TokenRealmModule.registerAsync({
      realm: ROOMINK_REALM,
      imports: [DemoSettingsModule],
      inject: [DEMO_SETTINGS],
      useFactory: (settings: DemoModuleSettings) => ({
        ...settings.realm(ROOMINK_REALM),
        grants: ['app'],
      }),
    }),
    PartnerLoginModule.forRootAsync({
      imports: [DemoSettingsModule],
      inject: [ConfigService, DEMO_SETTINGS],
      useFactory: (config: ConfigService, settings: DemoModuleSettings) => ({
        ...settings.partnerLogin,
        masterSecret: loadMasterSecret(
          config.get('MASTER_SECRET'),
          config.get('DATA_DIR') || '.data',
        ),
      }),
    }),
    SessionJwtModule.forRootAsync({
      imports: [DemoSettingsModule],
      inject: [ConfigService, DEMO_SETTINGS],
      useFactory: (config: ConfigService, settings: DemoModuleSettings) => ({
        ...settings.sessionJwt,
        masterSecret: loadMasterSecret(
          config.get('MASTER_SECRET'),
          config.get('DATA_DIR') || '.data',
        ),
      }),
    }),
    TerminusModule.forRoot(),
    // The benchmark's reference routes (an open one, a no-work passport strategy); off unless asked for.
    ConditionalModule.registerWhen(BenchRoutesModule, (env) => env.DEMO_BENCH_ROUTES === '1', {
      debug: false,
    }),
  ],
  controllers: [
    HealthController,
    BrowserLoginController,
    SaasDemoController,
    UserProfileController,
    SnipeMeController,
    RoominkMeController,
    GrpcWhoamiController,
    PartnerMeController,
    AuthenticationServiceGrpcController,
    WhoamiGrpcController,
  ],
  providers: [
    SiteGreeter,
    DemoJsonRpcMethods,
    // Secure by default: a route is refused unless it is @Public() or brings its own guard.
    { provide: APP_GUARD, useClass: DefaultDenyGuard },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class AppModule {}
