import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, LoginThrottleModule } from '@authkit/core';
import { mountController, registerOpenApiSecurity, withDefaults } from '@authkit/core/internal';
import { LoginAccessToken } from './entities/login-access-token.entity';
import { PasswordLoginController } from './login.controller';
import { PasswordLoginTokenPurgeJob } from './login-token-purge.job';
import { addPasswordLoginSecurity } from './password-login.guard';
import {
  ConfigurablePasswordLoginModule,
  PASSWORD_LOGIN_DEFAULTS,
  PASSWORD_LOGIN_OPTIONS,
  type PasswordLoginModuleOptions,
  RESOLVED_PASSWORD_LOGIN_OPTIONS,
  PASSWORD_LOGIN_ASYNC_OPTIONS_TYPE, PASSWORD_LOGIN_OPTIONS_TYPE, PASSWORD_LOGIN_ROUTES, type PasswordLoginRoutes
} from './password-login.module-definition';
import { PasswordLoginService } from './password-login.service';
import { LoginBearerStrategy } from './strategies/login-bearer.strategy';

/**
 * Scheme 2: `POST /api/user/login` with username, password and direction,
 * answering the profile with an expiring access token; `GET /api/user/me`.
 * Needs a `UserStore` (IdentityModule, or the host's own through UserStoreModule) and the host's ClsModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([LoginAccessToken]), AuthCoreModule, LoginThrottleModule],
  providers: [
    {
      provide: RESOLVED_PASSWORD_LOGIN_OPTIONS,
      inject: [PASSWORD_LOGIN_OPTIONS],
      useFactory: (options: PasswordLoginModuleOptions) => withDefaults(PASSWORD_LOGIN_DEFAULTS, options),
    },
    PasswordLoginService,
    LoginBearerStrategy,
    PasswordLoginTokenPurgeJob,
  ],
  exports: [PasswordLoginService, PasswordLoginTokenPurgeJob],
})
export class PasswordLoginModule extends ConfigurablePasswordLoginModule {
  static forRoot(options: typeof PASSWORD_LOGIN_OPTIONS_TYPE): DynamicModule {
    return withRoutes(super.forRoot(options), options);
  }

  static forRootAsync(options: typeof PASSWORD_LOGIN_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withRoutes(super.forRootAsync(options), options);
  }

  constructor() {
    super();
    registerOpenApiSecurity('password-login', addPasswordLoginSecurity);
  }
}

/** The scheme's controllers under the host's paths and tags. */
function withRoutes(module: DynamicModule, routes: PasswordLoginRoutes): DynamicModule {
  return { ...module, controllers: [mountController(PasswordLoginController, { path: routes.loginPath ?? PASSWORD_LOGIN_ROUTES.loginPath, apiTags: routes.apiTags ?? PASSWORD_LOGIN_ROUTES.apiTags })] };
}
