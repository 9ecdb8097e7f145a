import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, AuthContext, loginThrottleMigrations } from '@authkit/core';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { identityEntities, identityMigrations, IdentityModule } from '@authkit/identity';
import {
  partnerLoginEntities,
  partnerLoginMigrations,
  PartnerLoginModule,
  UsePartnerSessionAuth,
  useJsonRpcTextBody,
} from '@authkit/partner-login';
import {
  passwordLoginEntities,
  passwordLoginMigrations,
  PasswordLoginModule,
  UsePasswordLoginAuth,
} from '@authkit/password-login';
import {
  saasSiteEntities,
  saasSiteMigrations,
  SaasSiteModule,
  WhitelistSaasApi,
} from '@authkit/saas-site';
import {
  sessionJwtEntities,
  sessionJwtMigrations,
  SessionJwtModule,
  UseSessionJwtAuth,
} from '@authkit/session-jwt';
import {
  tokenRealmEntities,
  tokenRealmMigrations,
  TokenRealmModule,
  UseTokenRealmAuth,
} from '@authkit/token-realm';

/**
 * A host as the README's "Add a scheme to your own app" makes it: its own
 * TypeOrmModule with the packages' entities and migrations, authkit's users,
 * and the five scheme modules with their default options; plus a route of its
 * own that uses no authkit guard. The bench compares that route with the bare
 * Nest app's: what mounting authkit costs the routes that do not use it.
 */
@Controller()
class HostOwnController {
  @Get('open')
  open(): { message: string } {
    return { message: 'open' };
  }
}

/**
 * The host's guarded routes, one per mechanism (the demo's realms, so that the bench's
 * credentials serve here too): each answers whom the request runs as, from the request context.
 */
@Controller('guarded')
class HostGuardedController {
  constructor(private readonly context: AuthContext) {}

  private whom(): { user: string | undefined } {
    return { user: this.context.getPrincipal<{ username: string }>()?.user?.username };
  }

  @Get('site')
  @WhitelistSaasApi()
  site() {
    return this.whom();
  }

  @Get('login')
  @UsePasswordLoginAuth()
  login() {
    return this.whom();
  }

  @Get('partner')
  @UsePartnerSessionAuth()
  partner() {
    return this.whom();
  }

  @Get('snipe')
  @UseTokenRealmAuth('snipe')
  snipe() {
    return this.whom();
  }

  @Get('roomink')
  @UseTokenRealmAuth('roomink')
  roomink() {
    return this.whom();
  }

  @Get('session')
  @UseSessionJwtAuth()
  session() {
    return this.whom();
  }
}

/** With `BENCH_HOST_METRICS=1`, the host opts in to authkit's metrics: an OpenTelemetry SDK records every verification. */
const meterProvider =
  process.env.BENCH_HOST_METRICS === '1'
    ? new MeterProvider({ readers: [new PrometheusExporter({ preventServerStart: true })] })
    : undefined;

const masterSecret = process.env.MASTER_SECRET!;

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      entities: [
        ...identityEntities,
        ...saasSiteEntities,
        ...passwordLoginEntities,
        ...tokenRealmEntities,
        ...sessionJwtEntities,
        ...partnerLoginEntities,
      ],
      migrations: [
        ...identityMigrations,
        ...loginThrottleMigrations,
        ...saasSiteMigrations,
        ...passwordLoginMigrations,
        ...tokenRealmMigrations,
        ...sessionJwtMigrations,
        ...partnerLoginMigrations,
      ],
      // The bench database was migrated by the demo's CLI, under the demo's migrations table.
      migrationsTableName: 'authkit_migrations',
      migrationsRun: true,
    }),
    ...(meterProvider ? [AuthCoreModule.forRoot({ meterProvider })] : []),
    IdentityModule.forRoot({}),
    SaasSiteModule.forRoot({}),
    PasswordLoginModule.forRoot({}),
    PartnerLoginModule.forRoot({ masterSecret }),
    TokenRealmModule.register({ realm: 'snipe', grants: ['password'] }),
    TokenRealmModule.register({ realm: 'roomink', grants: ['app'] }),
    // The demo's issuer, so that the session JWT the bench minted on the demo verifies here too.
    SessionJwtModule.forRoot({
      masterSecret,
      issuer: process.env.SESSION_JWT_ISSUER ?? 'authkit-demo',
    }),
  ],
  controllers: [HostOwnController, HostGuardedController],
})
class ReadmeHostModule {}

async function main(): Promise<void> {
  const adapter =
    process.env.HTTP_PLATFORM === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(ReadmeHostModule, adapter, { logger: ['error', 'warn'] });
  useJsonRpcTextBody(app, 'jsonrpc');
  // Stopped by SIGTERM: close and exit, so that a --cpu-prof run writes its profile.
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error: unknown) => {
  // eslint-disable-next-line no-console -- the process's only way to say why it did not start
  console.error(error);
  process.exit(1);
});
