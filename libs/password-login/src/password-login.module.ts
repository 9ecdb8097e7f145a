import { Module, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, LoginThrottleModule } from '@authkit/core';
import {
  buildSchemeModule,
  mountController,
  openApiSecurity,
  withDefaults,
  schemeStartupCheck,
} from '@authkit/core/internal';
import { passwordLoginEntities } from './password-login.persistence';
import { LoginAccessToken } from './entities/login-access-token.entity';
import { PasswordLoginController } from './login.controller';
import { PasswordLoginPurgeJob } from './password-login-purge.job';
import { addPasswordLoginSecurity } from './password-login.guard';
import {
  PASSWORD_LOGIN_DEFAULTS,
  type PasswordLoginModuleOptions,
  RESOLVED_PASSWORD_LOGIN_OPTIONS,
  PASSWORD_LOGIN_ROUTES,
  type PasswordLoginRoutes,
} from './password-login.module-definition';
import { PasswordLoginService } from './password-login.service';
import { RequireLoginHeaders } from './required-headers.guard';
import { LoginBearerStrategy } from './strategies/login-bearer.strategy';
import { passwordLoginTestCredentials } from './password-login.test-credentials';

const { ConfigurableModuleClass: ConfigurablePasswordLoginModule, MODULE_OPTIONS_TOKEN } =
  buildSchemeModule<PasswordLoginModuleOptions, PasswordLoginRoutes>((routes) => [
    withRequiredHeaders(
      mountController(PasswordLoginController, {
        path: routes.loginPath ?? PASSWORD_LOGIN_ROUTES.loginPath,
        apiTags: routes.apiTags ?? PASSWORD_LOGIN_ROUTES.apiTags,
      }),
      routes.requiredHeaders ?? PASSWORD_LOGIN_ROUTES.requiredHeaders,
    ),
  ]);

function withRequiredHeaders<T extends Type>(mounted: T, names: string[]): T {
  RequireLoginHeaders(names)(mounted);
  return mounted;
}

/** The options as given to `PasswordLoginModule.forRoot(...)` (see the resolved options for what the providers use). */
export const PASSWORD_LOGIN_OPTIONS = MODULE_OPTIONS_TOKEN;

/**
 * Password bearer: `POST /api/user/login` with username, password and direction,
 * answering the profile with an expiring access token (the `acceptsLogin`,
 * `answer` options and the `requiredHeaders` route option change that shape).
 * Needs a `UserStore` (IdentityModule, or the host's own through UserStoreModule).
 */
@Module({
  imports: [TypeOrmModule.forFeature([LoginAccessToken]), AuthCoreModule, LoginThrottleModule],
  providers: [
    openApiSecurity('password-login', addPasswordLoginSecurity),
    passwordLoginTestCredentials,
    schemeStartupCheck({
      module: 'PasswordLoginModule',
      entities: passwordLoginEntities,
      entitiesName: 'passwordLoginEntities',
      migrationsName: 'passwordLoginMigrations',
    }),
    {
      provide: RESOLVED_PASSWORD_LOGIN_OPTIONS,
      inject: [PASSWORD_LOGIN_OPTIONS],
      useFactory: (options: PasswordLoginModuleOptions) =>
        withDefaults(PASSWORD_LOGIN_DEFAULTS, options),
    },
    PasswordLoginService,
    LoginBearerStrategy,
    PasswordLoginPurgeJob,
  ],
  exports: [PasswordLoginService, PasswordLoginPurgeJob],
})
export class PasswordLoginModule extends ConfigurablePasswordLoginModule {}
