import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AuthAuditModule, AuthCoreModule, LoginThrottleModule } from '@authkit/core';
import { DatabaseModule } from '@authkit/database';
import { IdentityModule } from '@authkit/identity';
import { PasswordLoginModule } from '@authkit/password-login';
import { SaasSiteModule } from '@authkit/saas-site';
import { PartnerLoginModule } from '@authkit/partner-login';
import { SessionJwtModule } from '@authkit/session-jwt';
import { TokenRealmAppsModule } from '@authkit/token-realm';
import { loadMasterSecret } from '../../demo/src/master-secret';
import { demoPersistence } from '../../demo/src/persistence';
import { revocationOptions } from '../../demo/src/demo-settings';
import {
  ApiCodeCommand,
  ApiCodeCreateCommand,
  ApiCodeDisableCommand,
  ApiCodeRotateSecretCommand,
  ApiCodeShowCommand,
} from './commands/api-code.command';
import { AuditCommand, AuditTailCommand } from './commands/audit.command';
import {
  AppCommand,
  AppCreateCommand,
  AppDisableCommand,
  AppRotateSecretCommand,
  AppShowCommand,
} from './commands/app.command';
import {
  SiteActivateCommand,
  SiteCommand,
  SiteCreateCommand,
  SiteRotateTokenCommand,
  SiteShowCommand,
  SiteSuspendCommand,
} from './commands/site.command';
import {
  SigningKeyCommand,
  SigningKeyRetireCommand,
  SigningKeyRotateCommand,
} from './commands/signing-key.command';
import { TeamCommand, TeamCreateCommand } from './commands/team.command';
import { TokenCommand, TokenRevokeLeakedCommand } from './commands/token.command';
import { RoleCommand, RoleCreateCommand } from './commands/role.command';
import {
  UserCommand,
  UserCreateCommand,
  UserDisableCommand,
  UserEnableCommand,
} from './commands/user.command';

/**
 * The admin CLI provisions the demo's database through the same services the
 * demo uses, with the same DATABASE_URL / DATA_DIR rules: it joins the embedded
 * server when the demo runs, and starts (then stops) it when it does not.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    // A one-shot process: it sends revocations (NOTIFY, or Redis when REDIS_URL is set, as the demo) but has no cache to keep fresh.
    AuthCoreModule.forRoot({
      revocations: { ...revocationOptions(process.env.REDIS_URL || undefined), listen: false },
    }),
    // The scheme modules' routes declare the login throttle guard; the CLI serves none, so memory limits do.
    LoginThrottleModule.forRoot({}),
    // A one-shot process: no retention schedule (the demo runs it).
    AuthAuditModule.forRoot({ purgeIntervalMs: 0 }),
    DatabaseModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        databaseUrl: config.get<string>('DATABASE_URL') || undefined,
        schema: config.get<string>('DATABASE_SCHEMA') || undefined,
        dataDir: config.get<string>('DATA_DIR') || '.data',
        poolSize: 2,
        ...demoPersistence,
      }),
    }),
    IdentityModule.forRoot({}),
    // Mounted so that disabling a user revokes its tokens from the CLI too.
    SaasSiteModule.forRoot({ purgeIntervalMs: 0 }),
    PasswordLoginModule.forRoot({ purgeIntervalMs: 0 }),
    TokenRealmAppsModule,
    PartnerLoginModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        masterSecret: loadMasterSecret(
          config.get('MASTER_SECRET'),
          config.get('DATA_DIR') || '.data',
        ),
        purgeIntervalMs: 0,
      }),
    }),
    SessionJwtModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        masterSecret: loadMasterSecret(
          config.get('MASTER_SECRET'),
          config.get('DATA_DIR') || '.data',
        ),
        purgeIntervalMs: 0,
      }),
    }),
  ],
  providers: [
    AuditCommand,
    AuditTailCommand,
    UserCommand,
    UserCreateCommand,
    UserDisableCommand,
    UserEnableCommand,
    RoleCommand,
    RoleCreateCommand,
    TeamCommand,
    TeamCreateCommand,
    SiteCommand,
    SiteCreateCommand,
    SiteRotateTokenCommand,
    SiteShowCommand,
    SiteSuspendCommand,
    SiteActivateCommand,
    TokenCommand,
    TokenRevokeLeakedCommand,
    AppCommand,
    AppCreateCommand,
    AppDisableCommand,
    AppRotateSecretCommand,
    AppShowCommand,
    SigningKeyCommand,
    ApiCodeCommand,
    ApiCodeCreateCommand,
    ApiCodeRotateSecretCommand,
    ApiCodeShowCommand,
    ApiCodeDisableCommand,
    SigningKeyRotateCommand,
    SigningKeyRetireCommand,
  ],
})
export class CliModule {}
