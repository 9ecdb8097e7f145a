import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AuthContext, isCleanText } from '@authkit/core';
import { readBasicCredentials, uncleanTextMessage } from '@authkit/core/internal';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { SESSION_JWT_BASIC_STRATEGY, SessionJwtPrincipal } from '../session-jwt-principal';
import { SessionJwtService } from '../session-jwt.service';
import { invalidArgument } from '../grpc/grpc.controller';

/** `Authorization: Basic`: a user name and password on the HTTP request itself (seed 004). */
@Injectable()
export class SessionBasicStrategy extends PassportStrategy(Strategy, SESSION_JWT_BASIC_STRATEGY) {
  constructor(
    private readonly sessions: SessionJwtService,
    private readonly context: AuthContext,
  ) {
    super();
  }

  async validate(request: Request): Promise<SessionJwtPrincipal | false> {
    const credentials = readBasicCredentials(request.headers.authorization);
    if (!credentials) return false;
    // A malformed credential is a 400, not one more wrong password.
    if (!isCleanText(credentials.username)) throw invalidArgument(uncleanTextMessage('The Basic user name'));
    const user = await this.sessions.verifyUser(credentials.username, credentials.password);
    if (!user) return false;
    const principal: SessionJwtPrincipal = { scheme: SESSION_JWT_BASIC_STRATEGY, user };
    this.context.setPrincipal(principal);
    return principal;
  }
}
