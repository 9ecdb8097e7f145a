import { Injectable, OnModuleInit } from '@nestjs/common';
import { invalidArgument } from './grpc/grpc.controller';
import { GrpcMethodRegistry } from './grpc/grpc-method.registry';
import { SessionJwtService } from './session-jwt.service';

export const AUTHENTICATION_SERVICE = 'axxonsoft.bl.auth.AuthenticationService';

/** Seed 004's three methods, registered on the `/grpc` dispatcher. */
@Injectable()
export class AuthenticationServiceMethods implements OnModuleInit {
  constructor(
    private readonly registry: GrpcMethodRegistry,
    private readonly sessions: SessionJwtService,
  ) {}

  onModuleInit(): void {
    this.registry.register(`${AUTHENTICATION_SERVICE}.AuthenticateEx`, (data) => {
      const userName = readString(data, 'user_name');
      const password = readString(data, 'password');
      return this.sessions.authenticate(userName, password);
    });
    this.registry.register(`${AUTHENTICATION_SERVICE}.RenewSession`, (_data, caller) => this.sessions.renew(caller));
    this.registry.register(`${AUTHENTICATION_SERVICE}.CloseSession`, (_data, caller) => this.sessions.close(caller));
  }
}

function readString(data: Record<string, unknown>, name: string): string {
  const value = data[name];
  if (typeof value !== 'string' || value === '' || value.length > 1024) {
    throw invalidArgument(`data.${name} must be a non-empty string of at most 1024 characters`);
  }
  return value;
}
