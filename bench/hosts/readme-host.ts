import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { loginThrottleMigrations } from '@authkit/core';
import { identityEntities, identityMigrations, IdentityModule } from '@authkit/identity';
import {
  partnerLoginEntities,
  partnerLoginMigrations,
  PartnerLoginModule,
  useJsonRpcTextBody,
} from '@authkit/partner-login';
import {
  passwordLoginEntities,
  passwordLoginMigrations,
  PasswordLoginModule,
} from '@authkit/password-login';
import { saasSiteEntities, saasSiteMigrations, SaasSiteModule } from '@authkit/saas-site';
import { sessionJwtEntities, sessionJwtMigrations, SessionJwtModule } from '@authkit/session-jwt';
import { tokenRealmEntities, tokenRealmMigrations, TokenRealmModule } from '@authkit/token-realm';

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
    IdentityModule.forRoot({}),
    SaasSiteModule.forRoot({}),
    PasswordLoginModule.forRoot({}),
    PartnerLoginModule.forRoot({ masterSecret }),
    TokenRealmModule.register({ realm: 'partners', grants: ['password'] }),
    SessionJwtModule.forRoot({ masterSecret }),
  ],
  controllers: [HostOwnController],
})
class ReadmeHostModule {}

async function main(): Promise<void> {
  const adapter =
    process.env.HTTP_PLATFORM === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(ReadmeHostModule, adapter, { logger: ['error', 'warn'] });
  useJsonRpcTextBody(app, 'jsonrpc');
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error: unknown) => {
  // eslint-disable-next-line no-console -- the process's only way to say why it did not start
  console.error(error);
  process.exit(1);
});
