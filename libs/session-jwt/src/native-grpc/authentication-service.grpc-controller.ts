import { Controller, UseFilters, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { ExemptFromGlobalGuard, currentPrincipal } from '@authkit/core/internal';
import type { AuthenticateAnswer } from '../authenticate-answer';
import { AuthenticationServiceMethods } from '../authentication-service.methods';
import { SessionJwtService } from '../session-jwt.service';
import type { SessionJwtPrincipal } from '../session-jwt-principal';
import { requestOfCall } from './grpc-call-request';
import { GrpcStatusFilter } from './grpc-status.filter';
import { SessionJwtGrpcGuard } from './session-jwt-grpc.guard';

type Call = ServerUnaryCall<unknown, unknown>;

/**
 * The session-JWT gRPC API's `axxonsoft.bl.auth.AuthenticationService` over native gRPC, on
 * the same sessions as the HTTP gateway: a token from either works on the
 * other, and closing on one ends it on both. Failures are gRPC statuses.
 */
@Controller()
@UseFilters(GrpcStatusFilter)
@ExemptFromGlobalGuard()
export class AuthenticationServiceGrpcController {
  constructor(
    private readonly sessions: SessionJwtService,
    private readonly methods: AuthenticationServiceMethods,
  ) {}

  /** May be anonymous: the credentials are in the message. Throttled and audited as the account it names, as on HTTP. */
  @GrpcMethod('AuthenticationService', 'AuthenticateEx')
  authenticateEx(
    data: Record<string, unknown>,
    metadata: Metadata,
    call: Call,
  ): Promise<AuthenticateAnswer> {
    return this.methods.authenticateEx(data, requestOfCall(metadata, call), {
      scheme: 'grpc-native',
      fieldPrefix: '',
    });
  }

  @GrpcMethod('AuthenticationService', 'RenewSession')
  @UseGuards(SessionJwtGrpcGuard)
  renewSession(): Promise<AuthenticateAnswer> {
    return this.sessions.renew(currentPrincipal() as SessionJwtPrincipal);
  }

  @GrpcMethod('AuthenticationService', 'CloseSession')
  @UseGuards(SessionJwtGrpcGuard)
  closeSession(): Promise<{ error_code: 'OK' }> {
    return this.sessions.close(currentPrincipal() as SessionJwtPrincipal);
  }
}
