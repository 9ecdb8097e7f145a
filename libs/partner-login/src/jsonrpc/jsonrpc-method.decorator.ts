import { SetMetadata } from '@nestjs/common';

export const JSON_RPC_METHOD = 'authkit:jsonRpcMethod';

export interface JsonRpcMethodOptions {
  /** Callable without a session token; false by default (authenticated through PartnerSessionStrategy). */
  public?: boolean;
}

/**
 * Registers a provider's method on `POST /jsonrpc` under `name`. It is called
 * with the call's params and `{ request, principal }`; unless public, only
 * after the session token (Bearer or `token_` in params) passed passport's
 * PartnerSessionStrategy, with the principal in the AuthContext and the
 * attempt audited.
 */
export const JsonRpcMethod = (name: string, options: JsonRpcMethodOptions = {}): MethodDecorator =>
  SetMetadata(JSON_RPC_METHOD, { name, ...options });
