import { Injectable } from '@nestjs/common';
import { MethodRegistry, type HttpRequestLike } from '@authkit/core/internal';
import type { SessionJwtPrincipal } from '../session-jwt-principal';

/** A `POST /grpc` method: its `data`, who called (Basic user or Bearer session), the HTTP request and its response (for headers). */
export type GrpcMethodHandler = (
  data: Record<string, unknown>,
  caller: SessionJwtPrincipal,
  request: HttpRequestLike,
  response?: unknown,
) => Promise<unknown> | unknown;

/**
 * The methods `POST /grpc` dispatches to, by full name
 * (`axxonsoft.bl.auth.AuthenticationService.AuthenticateEx`). Other modules
 * inject the registry and add their own methods in `onModuleInit`.
 */
@Injectable()
export class GrpcMethodRegistry extends MethodRegistry<GrpcMethodHandler> {}
