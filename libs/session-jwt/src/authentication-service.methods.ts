import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { AuthAudit, isCleanText, LoginAttempts, loginAccount } from '@authkit/core';
import { auditReasonOf, uncleanTextMessage } from '@authkit/core/internal';
import { invalidArgument } from './grpc/grpc.controller';
import { GrpcMethodRegistry } from './grpc/grpc-method.registry';
import type { Request } from 'express';
import { SessionJwtService } from './session-jwt.service';
import type { SessionJwtPrincipal } from './session-jwt-principal';

export const AUTHENTICATION_SERVICE = 'axxonsoft.bl.auth.AuthenticationService';

/** Seed 004's three methods, registered on the `/grpc` dispatcher. */
@Injectable()
export class AuthenticationServiceMethods implements OnModuleInit {
  constructor(
    private readonly registry: GrpcMethodRegistry,
    private readonly sessions: SessionJwtService,
    private readonly attempts: LoginAttempts,
    @Optional() private readonly audit?: AuthAudit,
  ) {}

  onModuleInit(): void {
    // A password check whatever the HTTP credential (Basic or a session's Bearer): throttled and audited as the account it names.
    this.registry.register(`${AUTHENTICATION_SERVICE}.AuthenticateEx`, (data, _caller, request) => {
      const userName = readString(data, 'user_name');
      if (!isCleanText(userName)) throw invalidArgument(uncleanTextMessage('data.user_name'));
      const password = readString(data, 'password');
      const attempt = { request, account: loginAccount('user', userName), scheme: `grpc:${AUTHENTICATION_SERVICE}.AuthenticateEx` };
      return this.attempts.run(attempt, () => this.sessions.authenticate(userName, password));
    });
    // Token issue and revocation are audited like logins.
    this.registry.register(`${AUTHENTICATION_SERVICE}.RenewSession`, (_data, caller, request) =>
      this.audited(`grpc:${AUTHENTICATION_SERVICE}.RenewSession`, caller, request, () => this.sessions.renew(caller)),
    );
    this.registry.register(`${AUTHENTICATION_SERVICE}.CloseSession`, (_data, caller, request) =>
      this.audited(`grpc:${AUTHENTICATION_SERVICE}.CloseSession`, caller, request, () => this.sessions.close(caller)),
    );
  }

  private async audited<T>(scheme: string, caller: SessionJwtPrincipal, request: Request, work: () => Promise<T>): Promise<T> {
    const base = { scheme, principal: `user:${caller.user.id}`, request };
    try {
      const result = await work();
      this.audit?.record({ ...base, outcome: 'success' });
      return result;
    } catch (error) {
      this.audit?.record({ ...base, outcome: 'failure', reason: auditReasonOf(error) });
      throw error;
    }
  }
}

function readString(data: Record<string, unknown>, name: string): string {
  const value = data[name];
  if (typeof value !== 'string' || value === '' || value.length > 1024) {
    throw invalidArgument(`data.${name} must be a non-empty string of at most 1024 characters`);
  }
  return value;
}
