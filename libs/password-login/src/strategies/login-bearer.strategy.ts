import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { readBearerToken, type HttpRequestLike } from '@authkit/core/internal';
import { Strategy } from 'passport-custom';
import { PASSWORD_LOGIN_STRATEGY, PasswordLoginPrincipal } from '../password-login-principal';
import { PasswordLoginService } from '../password-login.service';

/** `Authorization: Bearer <access_token>` from `POST /api/user/login`. */
@Injectable()
export class LoginBearerStrategy extends PassportStrategy(Strategy, PASSWORD_LOGIN_STRATEGY) {
  constructor(private readonly logins: PasswordLoginService) {
    super();
  }

  async validate(request: HttpRequestLike): Promise<PasswordLoginPrincipal | false> {
    const user = await this.logins.verifyAccessToken(
      readBearerToken(request.headers.authorization),
    );
    return user ? { scheme: PASSWORD_LOGIN_STRATEGY, user } : false;
  }
}
