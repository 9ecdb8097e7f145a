import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AuthContext } from '@authkit/core';
import { readBearerToken } from '@authkit/core/internal';
import type { User } from '@authkit/identity';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { PASSWORD_LOGIN_STRATEGY, PasswordLoginPrincipal } from '../password-login-principal';
import { PasswordLoginService } from '../password-login.service';

/** `Authorization: Bearer <access_token>` from `POST /api/user/login`. */
@Injectable()
export class LoginBearerStrategy extends PassportStrategy(Strategy, PASSWORD_LOGIN_STRATEGY) {
  constructor(
    private readonly logins: PasswordLoginService,
    private readonly context: AuthContext,
  ) {
    super();
  }

  async validate(request: Request): Promise<User | false> {
    const user = await this.logins.verifyAccessToken(readBearerToken(request.headers.authorization));
    if (!user) return false;
    this.context.setPrincipal<User>({ scheme: PASSWORD_LOGIN_STRATEGY, user } satisfies PasswordLoginPrincipal);
    return user;
  }
}
