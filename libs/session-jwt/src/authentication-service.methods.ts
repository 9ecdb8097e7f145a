import { Injectable, Optional } from '@nestjs/common';
import { AuthAudit } from '@authkit/core';
import {
  LoginAttempts,
  loginAccount,
  validatePayload,
  auditedFailure,
  type HttpRequestLike,
} from '@authkit/core/internal';
import { AuthenticateExRequest } from './authenticate-ex.request';
import { invalidArgument } from './session-jwt-error';
import { GrpcGatewayMethod } from './grpc/grpc-method.registry';
import { SessionJwtService } from './session-jwt.service';
import type { SessionJwtPrincipal } from './session-jwt-principal';
import type { AuthenticateAnswer } from './authenticate-answer';

export const AUTHENTICATION_SERVICE = 'axxonsoft.bl.auth.AuthenticationService';

/** The session-JWT gRPC API's three methods on the `/grpc` gateway. */
@Injectable()
export class AuthenticationServiceMethods {
  constructor(
    private readonly sessions: SessionJwtService,
    private readonly attempts: LoginAttempts,
    @Optional() private readonly audit?: AuthAudit,
  ) {}

  @GrpcGatewayMethod(`${AUTHENTICATION_SERVICE}.AuthenticateEx`)
  authenticateExOverHttp(
    data: Record<string, unknown>,
    _caller: SessionJwtPrincipal,
    request: HttpRequestLike,
    response?: unknown,
  ): Promise<AuthenticateAnswer> {
    return this.authenticateEx(data, request, { scheme: 'grpc', fieldPrefix: 'data.' }, response);
  }

  // Token issue and revocation are audited like logins.
  @GrpcGatewayMethod(`${AUTHENTICATION_SERVICE}.RenewSession`)
  renewSession(
    _data: Record<string, unknown>,
    caller: SessionJwtPrincipal,
    request: HttpRequestLike,
  ): Promise<AuthenticateAnswer> {
    return this.audited(`grpc:${AUTHENTICATION_SERVICE}.RenewSession`, caller, request, () =>
      this.sessions.renew(caller),
    );
  }

  @GrpcGatewayMethod(`${AUTHENTICATION_SERVICE}.CloseSession`)
  closeSession(
    _data: Record<string, unknown>,
    caller: SessionJwtPrincipal,
    request: HttpRequestLike,
  ): Promise<unknown> {
    return this.audited(`grpc:${AUTHENTICATION_SERVICE}.CloseSession`, caller, request, () =>
      this.sessions.close(caller),
    );
  }

  /**
   * `AuthenticateEx` on either channel (the HTTP gateway, native gRPC): a
   * password check whatever the transport's own credential, throttled and
   * audited as the account the message names.
   */
  authenticateEx(
    data: Record<string, unknown> | null | undefined,
    request: Pick<HttpRequestLike, 'ip' | 'headers'>,
    channel: { scheme: string; fieldPrefix: string },
    response?: unknown,
  ): Promise<AuthenticateAnswer> {
    const { user_name: userName, password } = validatePayload(
      AuthenticateExRequest,
      data,
      invalidArgument,
      channel.fieldPrefix,
    );
    const attempt = {
      request,
      response,
      account: loginAccount('user', userName),
      scheme: `${channel.scheme}:${AUTHENTICATION_SERVICE}.AuthenticateEx`,
    };
    return this.attempts.run(attempt, () => this.sessions.authenticate(userName, password));
  }

  private async audited<T>(
    scheme: string,
    caller: SessionJwtPrincipal,
    request: HttpRequestLike,
    work: () => Promise<T>,
  ): Promise<T> {
    const base = { scheme, principal: `user:${caller.user.id}`, request };
    try {
      const result = await work();
      this.audit?.record({ ...base, outcome: 'success' });
      return result;
    } catch (error) {
      this.audit?.record({ ...base, outcome: 'failure', ...auditedFailure(error) });
      throw error;
    }
  }
}
