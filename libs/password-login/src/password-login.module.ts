import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule, LoginThrottleModule } from '@authkit/core';
import { registerOpenApiSecurity, withDefaults } from '@authkit/core/internal';
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
  controllers: [PasswordLoginController],
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
  constructor() {
    super();
    registerOpenApiSecurity('password-login', addPasswordLoginSecurity);
  }
}
