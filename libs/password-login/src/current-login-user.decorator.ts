import { createParamDecorator } from '@nestjs/common';
import { type AuthUser, currentPrincipal } from '@authkit/core';
import { PASSWORD_LOGIN_STRATEGY } from './password-login-principal';

/** Handler parameter: the user of a `@UsePasswordLoginAuth()` route. */
export const CurrentLoginUser = createParamDecorator((): AuthUser => {
  const principal = currentPrincipal<AuthUser>();
  if (principal?.scheme !== PASSWORD_LOGIN_STRATEGY || !principal.user) {
    throw new Error('Used outside a @UsePasswordLoginAuth() route');
  }
  return principal.user;
});
