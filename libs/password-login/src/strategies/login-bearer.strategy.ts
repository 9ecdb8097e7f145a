import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import {
  andThen,
  readBearerToken,
  type HttpRequestLike,
  type MaybePromise,
} from '@authkit/core/internal';
import { Strategy } from 'passport-custom';
import { PASSWORD_LOGIN_STRATEGY, PasswordLoginPrincipal } from '../password-login-principal';
import { PasswordLoginService } from '../password-login.service';

/** `Authorization: Bearer <access_token>` from `POST /api/user/login`. */
@Injectable()
export class LoginBearerStrategy extends PassportStrategy(Strategy, PASSWORD_LOGIN_STRATEGY) {
  constructor(private readonly logins: PasswordLoginService) {
    super();
  }

  validate(request: HttpRequestLike): MaybePromise<PasswordLoginPrincipal | false> {
    return andThen(
      this.logins.verifyAccessToken(readBearerToken(request.headers.authorization)),
      (user) => (user ? { scheme: PASSWORD_LOGIN_STRATEGY, user } : false),
    );
  }
}
