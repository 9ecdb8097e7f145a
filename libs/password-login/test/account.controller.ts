import { Controller, Get } from '@nestjs/common';
import {
  CurrentPasswordLoginPrincipal,
  type PasswordLoginPrincipal,
  UsePasswordLoginAuth,
} from '@authkit/password-login';

/** A host's own route behind password bearer's token: `GET /account/me` answers whose token it is. */
@Controller('account')
export class AccountController {
  @Get('me')
  @UsePasswordLoginAuth()
  me(@CurrentPasswordLoginPrincipal() principal: PasswordLoginPrincipal): { username: string } {
    return { username: principal.user.username };
  }
}
