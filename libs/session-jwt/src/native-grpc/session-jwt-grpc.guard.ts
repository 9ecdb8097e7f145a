import { ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { AuthModuleOptions } from '@nestjs/passport';
import { AnyOfAuthGuard, AuthAudit, AuthContext } from '@authkit/core';
import { ensureRequestScope } from '@authkit/core/internal';
import { SESSION_JWT_BEARER_STRATEGY } from '../session-jwt-principal';
import { requestOfContext } from './grpc-call-request';

const BearerGuard = AnyOfAuthGuard(SESSION_JWT_BEARER_STRATEGY, {
  message: 'The Bearer token of a live session is required in the authorization metadata',
});

/**
 * `authorization: Bearer <token_value>` gRPC metadata, checked by the very
 * passport strategy that checks the HTTP header: the strategy reads the
 * call's stand-in request. Opens the call's request scope (HTTP requests get
 * theirs from the core, on the HTTP server), so the principal is readable after.
 */
@Injectable()
export class SessionJwtGrpcGuard extends BearerGuard {
  constructor(
    @Optional() authOptions?: AuthModuleOptions,
    @Optional() audit?: AuthAudit,
    @Optional() context?: AuthContext,
  ) {
    super(authOptions, audit, context);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    ensureRequestScope();
    return (await super.canActivate(context)) as boolean;
  }

  override getRequest(context: ExecutionContext): unknown {
    return requestOfContext(context);
  }

  getResponse(): unknown {
    return {};
  }
}
