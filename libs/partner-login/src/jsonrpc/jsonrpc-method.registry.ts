import { Injectable } from '@nestjs/common';
import { MethodRegistry } from '@authkit/core';
import type { Request } from 'express';
import type { PartnerSessionPrincipal } from '../partner-session-principal';

/** What a method handler gets besides its params. */
export interface JsonRpcCall {
  request: Request;
  /** The session's principal; present for every method not registered as public. */
  principal?: PartnerSessionPrincipal;
}

export interface JsonRpcMethod {
  handler: (params: Record<string, unknown>, call: JsonRpcCall) => unknown;
  /** Callable without a session token (`Core.login`, `Core.token_login`). False by default. */
  public?: boolean;
}

/**
 * The methods `POST /jsonrpc` dispatches to. Other modules inject it and
 * register theirs in `onModuleInit`; every method requires a session token
 * (`Authorization: Bearer` or `params.token_`) unless registered as public.
 */
@Injectable()
export class JsonRpcMethodRegistry extends MethodRegistry<JsonRpcMethod> {}
