import type { AuthenticatedPrincipal } from '@authkit/core';
import type { User } from '@authkit/identity';

export const PASSWORD_LOGIN_STRATEGY = 'password-login-bearer';

export interface PasswordLoginPrincipal extends AuthenticatedPrincipal<User> {
  scheme: typeof PASSWORD_LOGIN_STRATEGY;
  user: User;
}
