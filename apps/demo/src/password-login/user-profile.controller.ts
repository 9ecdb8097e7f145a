import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '@authkit/core';
import {
  CurrentLoginUser,
  UsePasswordLoginAuth,
  userProfile,
  type UserProfileAnswer,
} from '@authkit/password-login';

/** Scheme 2's sample protected route: the profile of the token's user. */
@ApiTags('password bearer')
@Controller('api/user')
export class UserProfileController {
  @Get('me')
  @UsePasswordLoginAuth()
  @ApiOkResponse({
    schema: {
      example: { id: 132, company_id: 84, currency: 'тг', country: 'kz', direction: 'Food' },
    },
  })
  me(@CurrentLoginUser() user: AuthUser): UserProfileAnswer {
    return userProfile(user);
  }
}
