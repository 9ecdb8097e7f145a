import { Controller, UseFilters, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { currentPrincipal, ExemptFromGlobalGuard, isCleanText, LoginAttempts, loginAccount } from '@authkit/core';
import { uncleanTextMessage } from '@authkit/core/internal';
import type { AuthenticateAnswer } from '../authenticate-answer';
import { AUTHENTICATION_SERVICE } from '../authentication-service.methods';
import { invalidArgument } from '../grpc/grpc.controller';
import { SessionJwtService } from '../session-jwt.service';
import type { SessionJwtPrincipal } from '../session-jwt-principal';
import { requestOfCall } from './grpc-call-request';
import { GrpcStatusFilter } from './grpc-status.filter';
import { SessionJwtGrpcGuard } from './session-jwt-grpc.guard';

type Call = ServerUnaryCall<unknown, unknown>;

/**
 * Seed 004's `axxonsoft.bl.auth.AuthenticationService` over native gRPC, on
 * the same sessions as the HTTP gateway: a token from either works on the
 * other, and closing on one ends it on both. Failures are gRPC statuses.
 */
@Controller()
@UseFilters(GrpcStatusFilter)
@ExemptFromGlobalGuard()
export class AuthenticationServiceGrpcController {
  constructor(
    private readonly sessions: SessionJwtService,
    private readonly attempts: LoginAttempts,
  ) {}

  /** May be anonymous: the credentials are in the message. Throttled and audited as the account it names. */
  @GrpcMethod('AuthenticationService', 'AuthenticateEx')
  authenticateEx(data: { user_name?: unknown; password?: unknown }, metadata: Metadata, call: Call): Promise<AuthenticateAnswer> {
    const userName = readField(data, 'user_name');
    const password = readField(data, 'password');
    if (!isCleanText(userName)) throw invalidArgument(uncleanTextMessage('user_name'));
    const attempt = { request: requestOfCall(metadata, call), account: loginAccount('user', userName), scheme: `grpc-native:${AUTHENTICATION_SERVICE}.AuthenticateEx` };
    return this.attempts.run(attempt, () => this.sessions.authenticate(userName, password));
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

function readField(data: Record<string, unknown> | null | undefined, name: string): string {
  const value = data?.[name];
  if (typeof value !== 'string' || value === '' || value.length > 1024) throw invalidArgument(`${name} must be a non-empty string of at most 1024 characters`);
  return value;
}
