import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import {
  readBearerToken,
  type HttpRequestLike,
  andThen,
  type MaybePromise,
} from '@authkit/core/internal';
import { Strategy } from 'passport-custom';
import { PARTNER_SESSION_STRATEGY, PartnerSessionPrincipal } from '../partner-session-principal';
import { PartnerSessionService } from '../partner-session.service';

/** One JSON-RPC call as the strategy sees it: the HTTP request's headers and address, and the call's params. */
export interface JsonRpcCallRequest {
  headers: HttpRequestLike['headers'];
  ip: string | undefined;
  jsonRpc: { method: string; params: Record<string, unknown> };
  user?: PartnerSessionPrincipal;
}

/**
 * A partner login session token: in `Authorization: Bearer` (plain HTTP routes and
 * JSON-RPC), or as `token_` in a JSON-RPC call's params (the partner JSON-RPC API).
 */
@Injectable()
export class PartnerSessionStrategy extends PassportStrategy(Strategy, PARTNER_SESSION_STRATEGY) {
  constructor(private readonly sessions: PartnerSessionService) {
    super();
  }

  validate(
    request: HttpRequestLike | JsonRpcCallRequest,
  ): MaybePromise<PartnerSessionPrincipal | false> {
    const fromParams = 'jsonRpc' in request ? request.jsonRpc.params.token_ : undefined;
    const principal = this.sessions.verify(
      readBearerToken(request.headers.authorization) ??
        (typeof fromParams === 'string' ? fromParams : null),
    );
    return andThen(principal, (found) => found ?? false);
  }
}
