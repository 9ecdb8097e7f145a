import { Injectable } from '@nestjs/common';
import { type LoginCredential, MethodRegistry, type HttpRequestLike } from '@authkit/core/internal';
import type { PartnerSessionPrincipal } from '../partner-session-principal';

/** What a method handler gets besides its params. */
export interface JsonRpcCall {
  request: HttpRequestLike;
  /** The session's principal; present for every method not registered as public. */
  principal?: PartnerSessionPrincipal;
}

export interface JsonRpcMethodRegistration {
  handler: (params: Record<string, unknown>, call: JsonRpcCall) => unknown;
  /** Callable without a session token (`Core.login`, `Core.token_login`). False by default. */
  public?: boolean;
  /**
   * Marks a login method: each such call of a request (a batch counts every
   * one) is admitted through the login rate limits before any call runs, as the
   * account this reads from its parsed params, and its outcome is audited.
   */
  login?: (params: Record<string, unknown>) => { account?: string; credential?: LoginCredential };
}

/**
 * The methods `POST /jsonrpc` dispatches to. Other modules inject it and
 * register theirs in `onModuleInit`; every method requires a session token
 * (`Authorization: Bearer` or `params.token_`) unless registered as public.
 */
@Injectable()
export class JsonRpcMethodRegistry extends MethodRegistry<JsonRpcMethodRegistration> {}
