import { applyDecorators, createParamDecorator, UseFilters } from '@nestjs/common';
import { AnyOfAuthGuard, UseAuth, type OpenApiDocumentBuilder } from '@authkit/core';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiUnauthorizedResponse,
  currentPrincipal,
} from '@authkit/core/internal';
import { SessionJwtErrorFilter } from './session-jwt-error.filter';
import {
  SESSION_JWT_BASIC_STRATEGY,
  SESSION_JWT_BEARER_STRATEGY,
  SessionJwtPrincipal,
} from './session-jwt-principal';

export const SESSION_JWT_SECURITY = { basic: 'session-basic', bearer: 'session-bearer' } as const;

/** Session JWT's challenge on every 401 (the wire contracts' common rules). */
export const BASIC_CHALLENGE = 'Basic realm="grpc", charset="UTF-8"';

/** Basic credentials or a live Bearer token; anonymous requests get 401 with `WWW-Authenticate: Basic`. */
export const SessionJwtAuthGuard = AnyOfAuthGuard(
  [SESSION_JWT_BEARER_STRATEGY, SESSION_JWT_BASIC_STRATEGY],
  {
    message: 'Basic credentials or a Bearer token of a live session are required',
    wwwAuthenticate: BASIC_CHALLENGE,
    presentsCredential: ['authorization'],
  },
);

/** A live Bearer token only. */
export const SessionJwtBearerGuard = AnyOfAuthGuard(SESSION_JWT_BEARER_STRATEGY, {
  message: 'A Bearer token of a live session is required',
  wwwAuthenticate: 'Bearer realm="grpc"',
  presentsCredential: ['authorization'],
});

/**
 * Puts a route behind session JWT (Basic or Bearer; `{ bearerOnly: true }` for
 * Bearer alone) with errors in the scheme's `error_code` shape.
 */
export function UseSessionJwtAuth(
  options: { bearerOnly?: boolean } = {},
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseAuth(options.bearerOnly ? SessionJwtBearerGuard : SessionJwtAuthGuard),
    UseFilters(SessionJwtErrorFilter),
    ...(options.bearerOnly ? [] : [ApiBasicAuth(SESSION_JWT_SECURITY.basic)]),
    ApiBearerAuth(SESSION_JWT_SECURITY.bearer),
    ApiUnauthorizedResponse({
      description: '`{"error_code": "UNAUTHENTICATED"}`: no valid credentials or token',
    }),
  );
}

/** Handler parameter: the session JWT principal (user, and the session of a Bearer token). */
export const CurrentSessionJwtPrincipal = createParamDecorator((): SessionJwtPrincipal => {
  const principal = currentPrincipal() as SessionJwtPrincipal | undefined;
  if (
    principal?.scheme !== SESSION_JWT_BASIC_STRATEGY &&
    principal?.scheme !== SESSION_JWT_BEARER_STRATEGY
  ) {
    throw new Error('Used outside a @UseSessionJwtAuth() route');
  }
  return principal;
});

export function addSessionJwtSecurity<B extends OpenApiDocumentBuilder>(builder: B): B {
  return builder
    .addBasicAuth({ type: 'http', scheme: 'basic' }, SESSION_JWT_SECURITY.basic)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      SESSION_JWT_SECURITY.bearer,
    );
}
