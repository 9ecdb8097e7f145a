import type { AuthenticatedPrincipal, AuthUser } from '@authkit/core';

export const PASSWORD_LOGIN_STRATEGY = 'password-login-bearer';

export interface PasswordLoginPrincipal extends AuthenticatedPrincipal<AuthUser> {
  scheme: typeof PASSWORD_LOGIN_STRATEGY;
  user: AuthUser;
}
