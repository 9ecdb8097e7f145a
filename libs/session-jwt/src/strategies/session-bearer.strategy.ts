import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import {
  readBearerToken,
  type HttpRequestLike,
  andThen,
  type MaybePromise,
} from '@authkit/core/internal';
import { Strategy } from 'passport-custom';
import { SESSION_JWT_BEARER_STRATEGY, SessionJwtPrincipal } from '../session-jwt-principal';
import { SessionJwtService } from '../session-jwt.service';

/** `Authorization: Bearer <JWT>`: signature and claims, then the session in the database. */
@Injectable()
export class SessionBearerStrategy extends PassportStrategy(Strategy, SESSION_JWT_BEARER_STRATEGY) {
  constructor(private readonly sessions: SessionJwtService) {
    super();
  }

  validate(request: HttpRequestLike): MaybePromise<SessionJwtPrincipal | false> {
    return andThen(
      this.sessions.verifyBearer(readBearerToken(request.headers.authorization)),
      (principal) => principal ?? false,
    );
  }
}
