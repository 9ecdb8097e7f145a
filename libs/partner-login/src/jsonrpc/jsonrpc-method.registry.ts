import { Injectable } from '@nestjs/common';
import {
  type HttpRequestLike,
  type LoginCredential,
  methodDecorator,
  MethodRegistry,
} from '@authkit/core/internal';
import type { PartnerSessionPrincipal } from '../partner-session-principal';

/** What a method handler gets besides its params. */
export interface JsonRpcCall {
  request: HttpRequestLike;
  /** The session's principal; present for every method not registered as public. */
  principal?: PartnerSessionPrincipal;
}

export interface JsonRpcMethodOptions {
  /** Callable without a session token (`Core.login`, `Core.token_login`). False by default. */
  public?: boolean;
  /**
   * Marks a login method: each such call of a request (a batch counts every
   * one) is admitted through the login rate limits before any call runs, as the
   * account this reads from its parsed params, and its outcome is audited.
   */
  login?: (params: Record<string, unknown>) => { account?: string; credential?: LoginCredential };
}

export interface JsonRpcMethodRegistration extends JsonRpcMethodOptions {
  handler: (params: Record<string, unknown>, call: JsonRpcCall) => unknown;
}

const JSON_RPC_METHOD = Symbol('authkit:jsonRpcMethod');

/**
 * Makes a provider's method `(params, call) => result` a method of the
 * JSON-RPC endpoint, under one name or several; it requires a session token
 * (`Authorization: Bearer` or `params.token_`) unless `public`.
 */
export const JsonRpcMethod: (
  names: string | string[],
  options?: JsonRpcMethodOptions,
) => MethodDecorator = (names, options = {}) =>
  methodDecorator<JsonRpcMethodOptions>(JSON_RPC_METHOD)(names, options);

/** The methods `POST /jsonrpc` dispatches to: every `@JsonRpcMethod()` of the app, and any `register()`ed. */
@Injectable()
export class JsonRpcMethodRegistry extends MethodRegistry<
  JsonRpcMethodRegistration,
  JsonRpcMethodOptions
> {
  protected readonly metadataKey = JSON_RPC_METHOD;

  protected toHandler(
    call: (...args: never[]) => unknown,
    options: JsonRpcMethodOptions,
  ): JsonRpcMethodRegistration {
    return { ...options, handler: call as JsonRpcMethodRegistration['handler'] };
  }
}
