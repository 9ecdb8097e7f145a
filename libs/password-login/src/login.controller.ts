import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { createValidationPipe, LoginEndpoint, Public } from '@authkit/core';
import { accountFromBody, ApiBadRequestResponse, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@authkit/core/internal';
import { LoginRequest } from './login.dto';
import { LoginAnswer } from './login-profile';
import { PasswordLoginService } from './password-login.service';
import { LoginHeadersGuard } from './required-headers.guard';

@ApiTags('scheme 2: password login')
// `api/users/login` is seed 001's first spelling of the same endpoint.
@Controller(['api/user', 'api/users'])
export class PasswordLoginController {
  constructor(private readonly logins: PasswordLoginService) {}

  /** Seed 001's login: the user's profile with an access token and its expiry (unix seconds). */
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @Public()
  @LoginEndpoint({ account: accountFromBody('user', 'username') })
  @UseGuards(LoginHeadersGuard)
  @ApiHeader({ name: 'country', required: true, example: 'ru' })
  @ApiOkResponse({
    schema: {
      example: { id: 132, company_id: 84, currency: 'тг', time_zone_offset: 21600, country: 'kz', direction: 'Food', access_token: 'login_...', access_token_expiration_time: 1579535438 },
    },
  })
  @ApiBadRequestResponse({ description: 'A missing header, malformed JSON or a field of the wrong type' })
  @ApiUnauthorizedResponse({ description: 'Unknown user, wrong password or wrong direction (one answer for all)' })
  @ApiForbiddenResponse({ description: 'The account is disabled' })
  login(@Body(createValidationPipe()) body: LoginRequest): Promise<LoginAnswer> {
    return this.logins.login(body);
  }
}
