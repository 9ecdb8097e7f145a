import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { createValidationPipe, Public } from '@authkit/core';
import {
  LoginEndpoint,
  accountFromBody,
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiUnauthorizedResponse,
} from '@authkit/core/internal';
import { LoginRequest } from './login.dto';
import { PasswordLoginService } from './password-login.service';
import { LoginHeadersGuard } from './required-headers.guard';

/** Mounted by PasswordLoginModule at its `loginPath` (the password-bearer login API's `api/user/login` and `api/users/login` by default). */
@Controller() // the path is the module's: see mountController
export class PasswordLoginController {
  constructor(private readonly logins: PasswordLoginService) {}

  /** The password-bearer login API's login: the user's profile with an access token and its expiry (unix seconds). */
  @Post()
  @HttpCode(HttpStatus.OK)
  @Public()
  @LoginEndpoint({ account: accountFromBody('user', 'username') })
  @UseGuards(LoginHeadersGuard)
  @ApiOkResponse({
    schema: {
      example: {
        id: 132,
        company_id: 84,
        currency: 'тг',
        time_zone_offset: 21600,
        country: 'kz',
        direction: 'Food',
        access_token: 'login_...',
        access_token_expiration_time: 1579535438,
      },
    },
  })
  @ApiBadRequestResponse({
    description: 'A missing header, malformed JSON or a field of the wrong type',
  })
  @ApiUnauthorizedResponse({
    description: 'Unknown user, wrong password or wrong direction (one answer for all)',
  })
  @ApiForbiddenResponse({ description: 'The account is disabled' })
  login(@Body(createValidationPipe()) body: LoginRequest): Promise<object> {
    return this.logins.login(body);
  }
}
