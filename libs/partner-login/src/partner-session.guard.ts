import { applyDecorators, createParamDecorator } from '@nestjs/common';
import { AnyOfAuthGuard, ErrorCode, UseAuth, type OpenApiDocumentBuilder } from '@authkit/core';
import { ApiBearerAuth, ApiUnauthorizedResponse, currentPrincipal } from '@authkit/core/internal';
import { PARTNER_SESSION_STRATEGY, PartnerSessionPrincipal } from './partner-session-principal';
import type { JsonRpcCallRequest } from './strategies/partner-session.strategy';

export const PARTNER_SESSION_SECURITY = 'partner-session';

export const PartnerSessionAuthGuard = AnyOfAuthGuard(PARTNER_SESSION_STRATEGY, {
  code: ErrorCode.invalidToken,
  message: 'Invalid or expired session token',
  wwwAuthenticate: 'Bearer realm="jsonrpc", error="invalid_token"',
  // A Bearer token, or a JSON-RPC call's `token_`.
  presentsCredential: (request) =>
    Boolean(request.headers.authorization) ||
    (request as Partial<JsonRpcCallRequest>).jsonRpc?.params?.token_ !== undefined,
});

/** Puts a plain HTTP route behind a partner login session token. */
export function UsePartnerSessionAuth(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseAuth(PartnerSessionAuthGuard),
    ApiBearerAuth(PARTNER_SESSION_SECURITY),
    ApiUnauthorizedResponse({ description: 'Missing, unknown or expired session token' }),
  );
}

export const CurrentPartnerSessionPrincipal = createParamDecorator((): PartnerSessionPrincipal => {
  const principal = currentPrincipal() as PartnerSessionPrincipal | undefined;
  if (principal?.scheme !== PARTNER_SESSION_STRATEGY)
    throw new Error('Used outside a @UsePartnerSessionAuth() route');
  return principal;
});

export function addPartnerSessionSecurity<B extends OpenApiDocumentBuilder>(builder: B): B {
  return builder.addBearerAuth(
    {
      type: 'http',
      scheme: 'bearer',
      description: 'session token from Core.login / Core.token_login',
    },
    PARTNER_SESSION_SECURITY,
  );
}
