import { applyDecorators, CanActivate, createParamDecorator, Type } from '@nestjs/common';
import { AnyOfAuthGuard, ErrorCode, UseAuth, type OpenApiDocumentBuilder } from '@authkit/core';
import { ApiSecurity, ApiUnauthorizedResponse, currentPrincipal } from '@authkit/core/internal';
import { tokenRealmStrategyName, TokenRealmPrincipal } from './token-realm-principal';

export const TOKEN_REALM_SECURITY = 'X-Access-Token';

const guards = new Map<string, Type<CanActivate>>();

/** The guard of one realm: its own tokens only; unknown, expired and revoked ones get one 401 `invalid_token`. */
export function TokenRealmAuthGuard(realm: string): Type<CanActivate> {
  let guard = guards.get(realm);
  if (!guard) {
    guard = AnyOfAuthGuard(tokenRealmStrategyName(realm), {
      code: ErrorCode.invalidToken,
      message: 'Invalid or expired access token',
      presentsCredential: ['x-access-token'],
    });
    guards.set(realm, guard);
  }
  return guard;
}

/** Puts a route behind `X-Access-Token` of the named realm instead of the host's global guard. */
export function UseTokenRealmAuth(realm: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseAuth(TokenRealmAuthGuard(realm)),
    ApiSecurity(TOKEN_REALM_SECURITY),
    ApiUnauthorizedResponse({
      description: `Missing, unknown, expired or revoked ${realm} access token`,
    }),
  );
}

/** Handler parameter: the realm principal (user or app, and the token family). */
export const CurrentTokenRealmPrincipal = createParamDecorator((): TokenRealmPrincipal => {
  const principal = currentPrincipal() as TokenRealmPrincipal | undefined;
  if (
    !principal ||
    typeof principal.realm !== 'string' ||
    principal.scheme !== tokenRealmStrategyName(principal.realm)
  ) {
    throw new Error('Used outside a @UseTokenRealmAuth() route');
  }
  return principal;
});

export function addTokenRealmSecurity<B extends OpenApiDocumentBuilder>(builder: B): B {
  return builder.addApiKey(
    { type: 'apiKey', in: 'header', name: TOKEN_REALM_SECURITY },
    TOKEN_REALM_SECURITY,
  );
}
