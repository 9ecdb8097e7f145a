import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import {
  isCleanText,
  readBasicCredentials,
  uncleanTextMessage,
  type HttpRequestLike,
} from '@authkit/core/internal';
import { Strategy } from 'passport-custom';
import { SESSION_JWT_BASIC_STRATEGY, SessionJwtPrincipal } from '../session-jwt-principal';
import { SessionJwtService } from '../session-jwt.service';
import { invalidArgument } from '../session-jwt-error';

/** `Authorization: Basic`: a user name and password on the HTTP request itself (the session-JWT gRPC API). */
@Injectable()
export class SessionBasicStrategy extends PassportStrategy(Strategy, SESSION_JWT_BASIC_STRATEGY) {
  constructor(private readonly sessions: SessionJwtService) {
    super();
  }

  async validate(request: HttpRequestLike): Promise<SessionJwtPrincipal | false> {
    const credentials = readBasicCredentials(request.headers.authorization);
    if (!credentials) return false;
    // A malformed credential is a 400, not one more wrong password.
    if (!isCleanText(credentials.username))
      throw invalidArgument(uncleanTextMessage('The Basic user name'));
    const user = await this.sessions.verifyUser(credentials.username, credentials.password);
    return user ? { scheme: SESSION_JWT_BASIC_STRATEGY, user, roleNames: user.roleNames } : false;
  }
}
