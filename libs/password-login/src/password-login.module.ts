import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, LoginThrottleModule, registerOpenApiSecurity, withDefaults } from '@authkit/core';
import { LoginAccessToken } from './entities/login-access-token.entity';
import { LoginController } from './login.controller';
import { LoginTokenPurgeJob } from './login-token-purge.job';
import { addPasswordLoginSecurity } from './password-login.guard';
import {
  ConfigurablePasswordLoginModule,
  PASSWORD_LOGIN_DEFAULTS,
  PASSWORD_LOGIN_OPTIONS,
  type PasswordLoginModuleOptions,
  RESOLVED_PASSWORD_LOGIN_OPTIONS,
} from './password-login.module-definition';
import { PasswordLoginService } from './password-login.service';
import { LoginBearerStrategy } from './strategies/login-bearer.strategy';

/**
 * Scheme 2: `POST /api/user/login` with username, password and direction,
 * answering the profile with an expiring access token; `GET /api/user/me`.
 * Needs AuthCoreModule, IdentityModule and the host's ClsModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([LoginAccessToken]), AuthCoreModule, LoginThrottleModule],
  controllers: [LoginController],
  providers: [
    {
      provide: RESOLVED_PASSWORD_LOGIN_OPTIONS,
      inject: [PASSWORD_LOGIN_OPTIONS],
      useFactory: (options: PasswordLoginModuleOptions) => withDefaults(PASSWORD_LOGIN_DEFAULTS, options),
    },
    PasswordLoginService,
    LoginBearerStrategy,
    LoginTokenPurgeJob,
  ],
  exports: [PasswordLoginService, LoginTokenPurgeJob],
})
export class PasswordLoginModule extends ConfigurablePasswordLoginModule {
  constructor() {
    super();
    registerOpenApiSecurity('password-login', addPasswordLoginSecurity);
  }
}
