import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CurrentTokenRealmPrincipal,
  type TokenRealmPrincipal,
  UseTokenRealmAuth,
} from '@authkit/token-realm';

export const SNIPE_REALM = 'snipe';
export const ROOMINK_REALM = 'roomink';

/** Seed 003's editorial back end: users log in with login or email and password. */
@ApiTags('token realm: snipe')
@Controller(SNIPE_REALM)
export class SnipeMeController {
  @Get('me')
  @UseTokenRealmAuth(SNIPE_REALM)
  me(@CurrentTokenRealmPrincipal() principal: TokenRealmPrincipal): {
    user_id: number | string;
    login: string;
    email: string | null;
  } {
    const user = principal.user!;
    return { user_id: user.id, login: user.username, email: user.email };
  }
}

/** Seed 003's public front ends: registered apps log in with app_id and app_secret. */
@ApiTags('token realm: roomink')
@Controller(ROOMINK_REALM)
export class RoominkMeController {
  @Get('me')
  @UseTokenRealmAuth(ROOMINK_REALM)
  me(@CurrentTokenRealmPrincipal() principal: TokenRealmPrincipal): {
    app_id: number;
    name: string;
  } {
    const app = principal.app!;
    return { app_id: app.id, name: app.name };
  }
}
