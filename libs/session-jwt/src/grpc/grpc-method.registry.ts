import { Injectable } from '@nestjs/common';
import { type HttpRequestLike, methodDecorator, MethodRegistry } from '@authkit/core/internal';
import type { SessionJwtPrincipal } from '../session-jwt-principal';

/** A `POST /grpc` method: its `data`, who called (Basic user or Bearer session), the HTTP request and its response (for headers). */
export type GrpcMethodHandler = (
  data: Record<string, unknown>,
  caller: SessionJwtPrincipal,
  request: HttpRequestLike,
  response?: unknown,
) => Promise<unknown> | unknown;

const GRPC_GATEWAY_METHOD = Symbol('authkit:grpcGatewayMethod');

/**
 * Makes a provider's method `(data, caller, request, response?)` a method of
 * the `POST /grpc` gateway, by full name
 * (`axxonsoft.bl.auth.AuthenticationService.AuthenticateEx`).
 */
export const GrpcGatewayMethod: (names: string | string[]) => MethodDecorator = (names) =>
  methodDecorator<undefined>(GRPC_GATEWAY_METHOD)(names, undefined);

/** The methods `POST /grpc` dispatches to: every `@GrpcGatewayMethod()` of the app, and any `register()`ed. */
@Injectable()
export class GrpcMethodRegistry extends MethodRegistry<GrpcMethodHandler> {
  protected readonly metadataKey = GRPC_GATEWAY_METHOD;

  protected toHandler(call: (...args: never[]) => unknown): GrpcMethodHandler {
    return call as GrpcMethodHandler;
  }
}
