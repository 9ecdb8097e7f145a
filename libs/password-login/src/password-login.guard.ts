import { applyDecorators, createParamDecorator } from '@nestjs/common';
import { AnyOfAuthGuard, ErrorCode, UseAuth, type OpenApiDocumentBuilder } from '@authkit/core';
import { ApiBearerAuth, ApiUnauthorizedResponse, currentPrincipal } from '@authkit/core/internal';
import { PASSWORD_LOGIN_STRATEGY, type PasswordLoginPrincipal } from './password-login-principal';

export const PASSWORD_LOGIN_SECURITY = 'password-login';

/** Unknown, expired and revoked tokens all get this one 401; the client logs in again. */
export const PasswordLoginAuthGuard = AnyOfAuthGuard(PASSWORD_LOGIN_STRATEGY, {
  code: ErrorCode.invalidToken,
  message: 'Invalid or expired access token',
  wwwAuthenticate: 'Bearer realm="api", error="invalid_token"',
  presentsCredential: ['authorization'],
});

/** Puts a route behind password bearer's Bearer token instead of the host's global guard. */
export function UsePasswordLoginAuth(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseAuth(PasswordLoginAuthGuard),
    ApiBearerAuth(PASSWORD_LOGIN_SECURITY),
    ApiUnauthorizedResponse({ description: 'Missing, unknown, expired or revoked access token' }),
  );
}

/** Handler parameter: the principal of a `@UsePasswordLoginAuth()` route (its `user`, its token's expiry). */
export const CurrentPasswordLoginPrincipal = createParamDecorator((): PasswordLoginPrincipal => {
  const principal = currentPrincipal() as PasswordLoginPrincipal | undefined;
  if (principal?.scheme !== PASSWORD_LOGIN_STRATEGY)
    throw new Error('Used outside a @UsePasswordLoginAuth() route');
  return principal;
});

/** Declares password bearer's Bearer security in an OpenAPI document. */
export function addPasswordLoginSecurity<B extends OpenApiDocumentBuilder>(builder: B): B {
  return builder.addBearerAuth(
    { type: 'http', scheme: 'bearer', description: 'access_token from POST /api/user/login' },
    PASSWORD_LOGIN_SECURITY,
  );
}
