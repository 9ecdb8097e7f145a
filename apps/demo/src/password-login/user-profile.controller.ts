import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CurrentPasswordLoginPrincipal,
  type PasswordLoginPrincipal,
  UsePasswordLoginAuth,
  userProfile,
  type UserProfileAnswer,
} from '@authkit/password-login';

/** Password bearer's sample protected route: the profile of the token's user. */
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
  me(@CurrentPasswordLoginPrincipal() principal: PasswordLoginPrincipal): UserProfileAnswer {
    return userProfile(principal.user);
  }
}
