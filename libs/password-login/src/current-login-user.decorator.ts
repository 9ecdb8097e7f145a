import { createParamDecorator } from '@nestjs/common';
import { currentPrincipal } from '@authkit/core';
import type { User } from '@authkit/identity';
import { PASSWORD_LOGIN_STRATEGY } from './password-login-principal';

/** Handler parameter: the user of a `@UsePasswordLoginAuth()` route. */
export const CurrentLoginUser = createParamDecorator((): User => {
  const principal = currentPrincipal<User>();
  if (principal?.scheme !== PASSWORD_LOGIN_STRATEGY || !principal.user) {
    throw new Error('Used outside a @UsePasswordLoginAuth() route');
  }
  return principal.user;
});
