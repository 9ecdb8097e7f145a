export { PasswordLoginModule, PASSWORD_LOGIN_OPTIONS } from './password-login.module';
export {
  type PasswordLoginModuleOptions,
  type PasswordLoginRoutes,
  PASSWORD_LOGIN_ROUTES,
} from './password-login.module-definition';
export { passwordLoginEntities, passwordLoginMigrations } from './password-login.persistence';
export { LoginAccessToken } from './entities/login-access-token.entity';
export { PASSWORD_LOGIN_STRATEGY, type PasswordLoginPrincipal } from './password-login-principal';
export { LOGIN_TOKEN_PREFIX, PasswordLoginService } from './password-login.service';
export {
  PASSWORD_LOGIN_SECURITY,
  PasswordLoginAuthGuard,
  UsePasswordLoginAuth,
  CurrentPasswordLoginPrincipal,
  addPasswordLoginSecurity,
} from './password-login.guard';
export {
  type UserProfileAnswer,
  type LoginAnswer,
  type IssuedLoginToken,
  userProfile,
  loginAnswer,
  sameDirection,
} from './login-profile';
export { LoginRequest } from './login.dto';
export { PasswordLoginPurgeJob } from './password-login-purge.job';
export { passwordLoginCredentialFormats } from './credential-formats';
